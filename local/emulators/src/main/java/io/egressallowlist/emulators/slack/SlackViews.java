package io.egressallowlist.emulators.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.egressallowlist.emulators.slack.SlackHttp.JSON;
import static io.egressallowlist.emulators.slack.SlackHttp.error;
import static io.egressallowlist.emulators.slack.SlackHttp.ok;
import static io.egressallowlist.emulators.slack.SlackWebApiDouble.BOT_ID;
import static io.egressallowlist.emulators.slack.SlackWebApiDouble.TEAM_ID;

/**
 * The triggers handed out with interactions and the modals opened with them, as Slack keeps them
 * (https://docs.slack.dev/reference/methods/views.open, https://docs.slack.dev/reference/views/modal-views): a
 * trigger opens one view, within 3 seconds of the interaction ({@code expired_trigger_id} after,
 * {@code exchanged_trigger_id} the second time, {@code invalid_trigger_id} for one never issued); a modal's
 * title, submit and close labels have at most 24 characters, it has at most 100 blocks, a submit label when it has
 * input blocks, {@code private_metadata} of at most 3,000 characters and a {@code callback_id} of at most 255
 * ({@code invalid_arguments} otherwise).
 */
final class SlackViews {

    /** How long after the interaction a trigger can be exchanged. */
    static final Duration TRIGGER_LIFETIME = Duration.ofSeconds(3);

    private record Trigger(String userId, Instant issuedAt) { }

    private final Clock clock;
    private final Map<String, Trigger> triggers = new HashMap<>();
    private final Map<String, String> exchanged = new HashMap<>();
    private final List<OpenedView> opened = new ArrayList<>();
    private long sequence;

    SlackViews(Clock clock) {
        this.clock = clock;
    }

    /** A new trigger for an interaction of {@code userId}, issued now. */
    synchronized String issueTrigger(String userId, long interaction) {
        String id = interaction + "." + Integer.toUnsignedString(TEAM_ID.hashCode()) + "."
                + Long.toHexString(System.nanoTime());
        triggers.put(id, new Trigger(userId, clock.instant()));
        return id;
    }

    synchronized List<OpenedView> opened() {
        return List.copyOf(opened);
    }

    synchronized Optional<OpenedView> view(String viewId) {
        return opened.stream().filter(view -> view.id().equals(viewId)).findFirst();
    }

    synchronized void clear() {
        opened.clear();
        exchanged.clear();
    }

    /** {@code views.open}. */
    synchronized ObjectNode open(ObjectNode args) {
        String triggerId = args.path("trigger_id").asText("");
        Trigger trigger = triggers.get(triggerId);
        if (trigger == null) {
            return error(triggerId.isEmpty() ? "invalid_arguments" : "invalid_trigger_id");
        }
        if (exchanged.containsKey(triggerId)) {
            return error("exchanged_trigger_id");
        }
        Instant now = clock.instant();
        if (Duration.between(trigger.issuedAt(), now).compareTo(TRIGGER_LIFETIME) > 0) {
            return error("expired_trigger_id");
        }
        Optional<ObjectNode> view = view(args.get("view"));
        if (view.isEmpty() || problem(view.get()).isPresent()) {
            return error("invalid_arguments");
        }
        String id = "V" + String.format("%010d", ++sequence);
        exchanged.put(triggerId, id);
        ObjectNode shown = view.get().deepCopy();
        shown.put("id", id).put("team_id", TEAM_ID).put("hash", now.getEpochSecond() + "." + id)
                .put("root_view_id", id).put("app_id", SlackUser.APP_ID).put("bot_id", BOT_ID)
                .put("private_metadata", shown.path("private_metadata").asText(""))
                .put("callback_id", shown.path("callback_id").asText(""));
        shown.putObject("state").putObject("values");
        opened.add(new OpenedView(id, trigger.userId(), triggerId, shown, now));
        ObjectNode reply = ok();
        reply.set("view", shown);
        return reply;
    }

    /** {@code view} as an object; Slack takes it as a JSON-encoded string too. */
    private static Optional<ObjectNode> view(JsonNode view) {
        JsonNode parsed = view;
        if (view != null && view.isTextual()) {
            try {
                parsed = JSON.readTree(view.asText());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return parsed != null && parsed.isObject() ? Optional.of((ObjectNode) parsed) : Optional.empty();
    }

    /** What Slack would refuse in a modal; empty when it would open it. */
    static Optional<String> problem(ObjectNode view) {
        if (!view.path("type").asText().equals("modal")) {
            return Optional.of("type must be modal");
        }
        if (!labelFits(view.get("title"), true) || !labelFits(view.get("submit"), false)
                || !labelFits(view.get("close"), false)) {
            return Optional.of("title, submit and close are plain_text of at most 24 characters");
        }
        JsonNode blocks = view.path("blocks");
        if (!blocks.isArray() || blocks.size() > 100) {
            return Optional.of("blocks is an array of at most 100 blocks");
        }
        boolean inputs = false;
        for (JsonNode block : blocks) {
            inputs |= block.path("type").asText().equals("input");
        }
        if (inputs && !view.has("submit")) {
            return Optional.of("a modal with input blocks needs submit");
        }
        if (view.path("private_metadata").asText("").length() > 3000
                || view.path("callback_id").asText("").length() > 255) {
            return Optional.of("private_metadata at most 3000, callback_id at most 255 characters");
        }
        return Optional.empty();
    }

    private static boolean labelFits(JsonNode label, boolean required) {
        if (label == null) {
            return !required;
        }
        String text = label.path("text").asText("");
        return label.path("type").asText().equals("plain_text") && !text.isEmpty() && text.length() <= 24;
    }
}
