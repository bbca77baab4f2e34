package io.egressallowlist.shared.slack;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonFactory;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.notify.MessageRef;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads what Slack sent, once its signature has been verified (aws-api-notes §5): a form-encoded body
 * holding either one {@code payload} field with the interaction as JSON ({@code block_actions} for our
 * buttons, {@code view_submission} for our request form), or the fields of a slash command. Anything else is
 * {@link Malformed}.
 */
public final class SlackRequests {

    /** What Slack asked for. */
    public sealed interface Interaction {
        /** One function per case, so that a new case fails compilation wherever it is not handled. */
        record Cases<R>(Function<? super BlockAction, ? extends R> blockAction,
                Function<? super SlashCommand, ? extends R> slashCommand,
                Function<? super ViewSubmission, ? extends R> viewSubmission,
                Function<? super Unsupported, ? extends R> unsupported) { }

        <R> R match(Cases<R> cases);
    }

    /**
     * A button click on one of our messages.
     *
     * @param user        who clicked
     * @param actionId    the button's {@code action_id}
     * @param value       the button's {@code value} (a request id on our buttons)
     * @param message     the message holding the button, when it is a channel message
     * @param responseUrl where to send an ephemeral reply or a replacement, when Slack gave one
     * @param triggerId   Slack's {@code trigger_id}, which opens a modal within 3 seconds ({@code ""} when absent)
     */
    public record BlockAction(SlackUserId user, String actionId, String value, Optional<MessageRef> message,
                              Optional<URI> responseUrl, String triggerId) implements Interaction {
        public BlockAction {
            triggerId = triggerId == null ? "" : triggerId;
        }

        @Override public <R> R match(Cases<R> cases) { return cases.blockAction().apply(this); }
    }

    /**
     * A slash command.
     *
     * @param user        who typed it
     * @param command     the command, e.g. {@code /egress}
     * @param text        what followed the command
     * @param channelId   where it was typed
     * @param responseUrl where later replies may go
     * @param triggerId   Slack's id of this invocation (the same on a duplicate delivery)
     */
    public record SlashCommand(SlackUserId user, String command, String text, String channelId,
                               Optional<URI> responseUrl, String triggerId) implements Interaction {
        @Override public <R> R match(Cases<R> cases) { return cases.slashCommand().apply(this); }
    }

    /**
     * A modal submitted (https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload).
     *
     * @param user            who submitted it: the only identity taken from the payload
     * @param callbackId      the view's {@code callback_id}: which of our modals it is
     * @param viewId          Slack's id of the view, the same when the same submission is delivered again
     * @param inputs          per input block id, the value of its text input ({@code ""} when left empty)
     * @param privateMetadata what the modal carried when opened; information, never authority
     */
    public record ViewSubmission(SlackUserId user, String callbackId, String viewId, Map<String, String> inputs,
                                 String privateMetadata) implements Interaction {
        public ViewSubmission {
            inputs = Map.copyOf(inputs);
        }

        @Override public <R> R match(Cases<R> cases) { return cases.viewSubmission().apply(this); }

        /** The value typed into the input block {@code blockId}; {@code ""} when there is none. */
        public String input(String blockId) {
            return inputs.getOrDefault(blockId, "");
        }
    }

    /** An interaction type this app does not use (shortcuts, closed modals…): acknowledged and ignored. */
    public record Unsupported(String type) implements Interaction {
        @Override public <R> R match(Cases<R> cases) { return cases.unsupported().apply(this); }
    }

    /** The outcome of {@link #parse}. */
    public sealed interface Result {
        /** One function per case, so that a new case fails compilation wherever it is not handled. */
        record Cases<R>(Function<? super Parsed, ? extends R> parsed,
                Function<? super Malformed, ? extends R> malformed) { }

        <R> R match(Cases<R> cases);
    }

    public record Parsed(Interaction interaction) implements Result {
        @Override public <R> R match(Cases<R> cases) { return cases.parsed().apply(this); }
    }

    public record Malformed(String message) implements Result {
        @Override public <R> R match(Cases<R> cases) { return cases.malformed().apply(this); }
    }

    private static final int MAX_NESTING = 64;

    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()).build());

    /** Reads a verified body. */
    public Result parse(String body) {
        Map<String, String> form;
        try {
            form = formFields(body);
        } catch (IllegalArgumentException e) {
            return new Malformed("the body is not form-encoded: " + e.getMessage());
        }
        if (form.containsKey("payload")) {
            return interaction(form.get("payload"));
        }
        if (form.containsKey("command")) {
            return slashCommand(form);
        }
        return new Malformed("the body holds neither an interaction payload nor a slash command");
    }

    /** {@code application/x-www-form-urlencoded} fields; a repeated field is refused rather than guessed. */
    public static Map<String, String> formFields(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (fields.put(name, value) != null) {
                throw new IllegalArgumentException("the field '" + name + "' appears twice");
            }
        }
        return fields;
    }

    private Result interaction(String payloadText) {
        JsonNode payload;
        try {
            payload = json.readTree(payloadText);
        } catch (IOException e) {
            return new Malformed("the payload is not valid JSON");
        }
        if (payload == null || !payload.isObject()) {
            return new Malformed("the payload is not a JSON object");
        }
        String type = payload.path("type").asText("");
        if (!type.equals("block_actions") && !type.equals("view_submission")) {
            return new Parsed(new Unsupported(type.isEmpty() ? "(none)" : type));
        }
        Optional<SlackUserId> user = userId(payload.path("user").path("id").asText(""));
        if (user.isEmpty()) {
            return new Malformed("the payload has no valid user.id");
        }
        if (type.equals("view_submission")) {
            return viewSubmission(user.get(), payload.path("view"));
        }
        JsonNode actions = payload.path("actions");
        if (!actions.isArray() || actions.size() != 1) {
            return new Malformed("a block_actions payload must carry exactly one action");
        }
        JsonNode action = actions.get(0);
        String actionId = action.path("action_id").asText("");
        if (actionId.isEmpty()) {
            return new Malformed("the action has no action_id");
        }
        String value = action.path("value").asText("");
        Optional<MessageRef> message = messageRef(payload);
        return new Parsed(new BlockAction(user.get(), actionId, value, message,
                uri(payload.path("response_url").asText("")), payload.path("trigger_id").asText("")));
    }

    /**
     * {@code view.state.values} is {@code {block_id: {action_id: {"type": "plain_text_input", "value": …}}}}; each
     * of our input blocks holds one text input, whose {@code value} is null when left empty.
     */
    private static Result viewSubmission(SlackUserId user, JsonNode view) {
        String viewId = view.path("id").asText("");
        if (!view.isObject() || viewId.isEmpty()) {
            return new Malformed("a view_submission payload must carry the view and its id");
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        view.path("state").path("values").fields().forEachRemaining(block -> {
            JsonNode element = block.getValue().elements().hasNext() ? block.getValue().elements().next() : null;
            if (element != null && element.path("value").isTextual()) {
                inputs.put(block.getKey(), element.path("value").asText());
            }
        });
        return new Parsed(new ViewSubmission(user, view.path("callback_id").asText(""), viewId, inputs,
                view.path("private_metadata").asText("")));
    }

    private static Optional<MessageRef> messageRef(JsonNode payload) {
        JsonNode container = payload.path("container");
        String ts = container.path("message_ts").asText(payload.path("message").path("ts").asText(""));
        String channel = container.path("channel_id").asText(payload.path("channel").path("id").asText(""));
        if (ts.isEmpty() || channel.isEmpty() || container.path("is_ephemeral").asBoolean(false)) {
            return Optional.empty();
        }
        return Optional.of(new MessageRef(channel, ts));
    }

    private static Result slashCommand(Map<String, String> form) {
        Optional<SlackUserId> user = userId(form.getOrDefault("user_id", ""));
        if (user.isEmpty()) {
            return new Malformed("the slash command has no valid user_id");
        }
        return new Parsed(new SlashCommand(user.get(), form.get("command"), form.getOrDefault("text", ""),
                form.getOrDefault("channel_id", ""), uri(form.getOrDefault("response_url", "")),
                form.getOrDefault("trigger_id", "")));
    }

    private static Optional<SlackUserId> userId(String id) {
        try {
            return Optional.of(new SlackUserId(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<URI> uri(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
