package io.egressallowlist.emulators.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static io.egressallowlist.emulators.slack.SlackHttp.JSON;
import static io.egressallowlist.emulators.slack.SlackWebApiDouble.BOT_ID;
import static io.egressallowlist.emulators.slack.SlackWebApiDouble.TEAM_DOMAIN;
import static io.egressallowlist.emulators.slack.SlackWebApiDouble.TEAM_ID;

/**
 * Slack calling the app on behalf of its users (aws-api-notes §5): {@link #click}, {@link #slashCommand} and
 * {@link #submitView} build the exact form-encoded payloads Slack sends (a {@code payload=} JSON for
 * {@code block_actions} and {@code view_submission}; the slash command fields otherwise), sign them with the signing secret, and either return them
 * ({@link SignedSlackRequest}) or POST them to the app's interactions URL ({@link #deliver}).
 *
 * <p>It acts in the workspace of a {@link SlackWebApiDouble}: a click is on a message the double holds, and the
 * {@code response_url} each request carries posts back into the double.
 */
public final class SlackUser {

    public static final String APP_ID = "A0STANDIN01";
    /** The channel slash commands are typed in unless told otherwise. */
    public static final String DEFAULT_COMMAND_CHANNEL = "C0COMMANDS01";

    /** What the app answered to a delivered request. */
    public record Delivery(int status, String body, Duration elapsed) { }

    private final SlackWebApiDouble webApi;
    private final SlackWorkspace workspace;
    private final String signingSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private URI interactionsUrl;

    private SlackUser(SlackWebApiDouble webApi, String signingSecret, URI interactionsUrl) {
        this.webApi = webApi;
        this.workspace = webApi.workspace();
        this.signingSecret = Objects.requireNonNull(signingSecret, "signingSecret");
        this.interactionsUrl = interactionsUrl;
    }

    /**
     * Users of {@code webApi}'s workspace, signing with {@code signingSecret}; they also answer the double's
     * {@code POST /_standin/click} and {@code /_standin/command}.
     *
     * @param interactionsUrl where {@link #deliver} POSTs; null to set it later with {@link #interactionsUrl(URI)}
     */
    public static SlackUser in(SlackWebApiDouble webApi, String signingSecret, URI interactionsUrl) {
        SlackUser user = new SlackUser(webApi, signingSecret, interactionsUrl);
        webApi.actingUser(user);
        return user;
    }

    public static SlackUser in(SlackWebApiDouble webApi, String signingSecret) {
        return in(webApi, signingSecret, null);
    }

    public synchronized void interactionsUrl(URI url) {
        this.interactionsUrl = url;
    }

    // ---- clicks and commands ------------------------------------------------------------------------

    /**
     * {@code userId} clicks the button {@code actionId} whose value is {@code requestId} on the newest
     * message that shows it: the signed {@code block_actions} request Slack would send.
     *
     * @throws IllegalStateException when no message shows such a button
     */
    public SignedSlackRequest click(String userId, String requestId, String actionId) {
        RecordedMessage message = webApi.messageWithButton(actionId, requestId).orElseThrow(() ->
                new IllegalStateException("no message shows a '" + actionId + "' button for " + requestId));
        return sign(blockActionsBody(userId, message.channel(), message.ts(), message, actionId, requestId));
    }

    /**
     * {@code userId} clicks the button {@code actionId} with {@code value} on {@code message}: the signed
     * {@code block_actions} request Slack would send. A direct message is seen, and clicked, only by its recipient.
     *
     * @throws IllegalStateException when the message shows no such button, or is a direct message to someone else
     */
    public SignedSlackRequest clickOn(String userId, RecordedMessage message, String actionId, String value) {
        if (message.dmUser() != null && !message.dmUser().equals(userId)) {
            throw new IllegalStateException("only " + message.dmUser() + " sees the direct message " + message.ts());
        }
        if (!message.hasButton(actionId, value)) {
            throw new IllegalStateException("message " + message.ts() + " shows no '" + actionId + "' button for " + value);
        }
        return sign(blockActionsBody(userId, message.channel(), message.ts(), message, actionId, value));
    }

    /**
     * A click on a button with this value on a message the double does not hold (one posted before a
     * restart, or a forged value): for testing unknown requests.
     */
    public SignedSlackRequest clickWithoutMessage(String userId, String value, String actionId) {
        String ts = workspace.nextTs();
        return sign(blockActionsBody(userId, DEFAULT_COMMAND_CHANNEL, ts, null, actionId, value));
    }

    /** {@code userId} types {@code /egress <text>} in the default command channel. */
    public SignedSlackRequest slashCommand(String userId, String text) {
        return slashCommand(userId, DEFAULT_COMMAND_CHANNEL, text);
    }

    public SignedSlackRequest slashCommand(String userId, String channel, String text) {
        String responseUrl = workspace.newResponseUrl(userId, channel, null);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token", "standinverificationtoken");
        fields.put("team_id", TEAM_ID);
        fields.put("team_domain", TEAM_DOMAIN);
        fields.put("channel_id", channel);
        fields.put("channel_name", "egress");
        fields.put("user_id", userId);
        fields.put("user_name", workspace.userName(userId));
        fields.put("command", "/egress");
        fields.put("text", text);
        fields.put("api_app_id", APP_ID);
        fields.put("is_enterprise_install", "false");
        fields.put("response_url", responseUrl);
        fields.put("trigger_id", workspace.issueTrigger(userId));
        return sign(SlackHttp.formEncode(fields));
    }

    /**
     * {@code userId} fills in the modal {@code viewId} (per input block id, the text typed; a block left out keeps
     * its {@code initial_value}, and {@code ""} empties it) and submits it: the signed {@code view_submission} Slack would send
     * (https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload).
     *
     * @throws IllegalStateException when no such modal was opened, or it was opened for someone else
     */
    public SignedSlackRequest submitView(String userId, String viewId, Map<String, String> inputs) {
        OpenedView opened = webApi.openedView(viewId).orElseThrow(() ->
                new IllegalStateException("no modal " + viewId + " was opened"));
        return submitView(userId, opened, inputs, opened.view().path("private_metadata").asText(""));
    }

    /** As {@link #submitView(String, String, Map)}, the modal carrying {@code privateMetadata} instead of its own. */
    public SignedSlackRequest submitView(String userId, OpenedView opened, Map<String, String> inputs,
                                         String privateMetadata) {
        if (!opened.userId().equals(userId)) {
            throw new IllegalStateException("modal " + opened.id() + " was opened for " + opened.userId());
        }
        String userName = workspace.userName(userId);
        ObjectNode payload = JSON.createObjectNode();
        payload.put("type", "view_submission");
        payload.putObject("team").put("id", TEAM_ID).put("domain", TEAM_DOMAIN);
        payload.putObject("user").put("id", userId).put("username", userName).put("name", userName)
                .put("team_id", TEAM_ID);
        payload.put("api_app_id", APP_ID);
        payload.put("token", "standinverificationtoken");
        payload.put("trigger_id", workspace.issueTrigger(userId));
        ObjectNode view = (ObjectNode) opened.view();
        view.put("private_metadata", privateMetadata);
        ObjectNode values = view.putObject("state").putObject("values");
        for (JsonNode block : view.path("blocks")) {
            if (block.path("type").asText().equals("input")) {
                String blockId = block.path("block_id").asText();
                JsonNode element = block.path("element");
                ObjectNode state = values.putObject(blockId).putObject(element.path("action_id").asText());
                state.put("type", element.path("type").asText());
                String typed = inputs.containsKey(blockId) ? inputs.get(blockId)
                        : element.path("initial_value").asText("");
                if (typed == null || typed.isEmpty()) {
                    state.putNull("value");
                } else {
                    state.put("value", typed);
                }
            }
        }
        payload.set("view", view);
        payload.putArray("response_urls");
        payload.putNull("enterprise");
        payload.put("is_enterprise_install", false);
        return sign(payloadBody(payload));
    }

    /** Signs any body with the current time, as Slack would. */
    public SignedSlackRequest sign(String body) {
        return sign(body, workspace.clock().instant());
    }

    public SignedSlackRequest sign(String body, Instant at) {
        String timestamp = Long.toString(at.getEpochSecond());
        return new SignedSlackRequest(body, timestamp, SlackSigning.sign(signingSecret, timestamp, body));
    }

    // ---- delivery -----------------------------------------------------------------------------------

    /** POSTs a signed request to the interactions URL and returns the app's answer. */
    public Delivery deliver(SignedSlackRequest request) {
        URI target;
        synchronized (this) {
            target = interactionsUrl;
        }
        if (target == null) {
            throw new IllegalStateException("no interactions URL is configured");
        }
        HttpRequest.Builder post = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("User-Agent")) {
                post.header(name, value);
            }
        });
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
            return new Delivery(response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new IllegalStateException("could not deliver to " + target + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering", e);
        }
    }

    /** {@code POST /_standin/click} {@code {"user","requestId","action"}} or {@code /_standin/command} {@code {"user","text"}}. */
    JsonNode actOverHttp(String route, JsonNode body) {
        SignedSlackRequest request = route.equals("click")
                ? click(body.path("user").asText(), body.path("requestId").asText(), body.path("action").asText())
                : slashCommand(body.path("user").asText(), body.path("text").asText());
        Delivery delivery = deliver(request);
        return JSON.createObjectNode().put("status", delivery.status())
                .put("body", delivery.body()).put("elapsedMillis", delivery.elapsed().toMillis());
    }

    // ---- payloads -----------------------------------------------------------------------------------

    private String blockActionsBody(String userId, String channel, String messageTs, RecordedMessage message,
                                    String actionId, String value) {
        String responseUrl = workspace.newResponseUrl(userId, channel, messageTs);
        String userName = workspace.userName(userId);
        ObjectNode payload = JSON.createObjectNode();
        payload.put("type", "block_actions");
        payload.putObject("user").put("id", userId).put("username", userName).put("name", userName)
                .put("team_id", TEAM_ID);
        payload.put("api_app_id", APP_ID);
        payload.put("token", "standinverificationtoken");
        payload.putObject("container").put("type", "message").put("message_ts", messageTs).put("channel_id", channel)
                .put("is_ephemeral", false);
        payload.put("trigger_id", workspace.issueTrigger(userId));
        payload.putObject("team").put("id", TEAM_ID).put("domain", TEAM_DOMAIN);
        payload.putNull("enterprise");
        payload.put("is_enterprise_install", false);
        payload.putObject("channel").put("id", channel).put("name", "egress-approvals");
        ObjectNode shown = payload.putObject("message");
        shown.put("type", "message").put("ts", messageTs).put("bot_id", BOT_ID);
        shown.put("text", message == null ? "" : message.text());
        shown.set("blocks", message == null ? JSON.createArrayNode() : message.blocks());
        payload.putObject("state").putObject("values");
        payload.put("response_url", responseUrl);
        payload.putArray("actions").add(action(message, actionId, value));
        return payloadBody(payload);
    }

    private static String payloadBody(ObjectNode payload) {
        try {
            return "payload=" + URLEncoder.encode(JSON.writeValueAsString(payload), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The clicked button as Slack describes it, with the text and style the message shows. */
    private ObjectNode action(RecordedMessage message, String actionId, String value) {
        RecordedMessage.Button button = message == null ? null : message.buttons().stream()
                .filter(b -> b.actionId().equals(actionId) && value.equals(b.value())).findFirst().orElse(null);
        ObjectNode action = JSON.createObjectNode();
        action.put("type", "button").put("action_id", actionId).put("block_id", "standin-" + workspace.nextSequence());
        action.putObject("text").put("type", "plain_text").put("text", button == null ? actionId : button.text());
        action.put("value", value);
        if (button != null && button.style() != null) {
            action.put("style", button.style());
        }
        action.put("action_ts", workspace.nextTs());
        return action;
    }
}
