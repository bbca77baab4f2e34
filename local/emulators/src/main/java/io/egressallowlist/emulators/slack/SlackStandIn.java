package io.egressallowlist.emulators.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback stand-in for Slack, for tests and the local sandbox. It plays both sides of the Slack app:
 *
 * <p><b>The Web API the app calls</b> under {@link #apiUrl()}: {@code chat.postMessage},
 * {@code chat.update}, {@code usergroups.users.list}, {@code users.info} (minimal) and {@code auth.test},
 * each checking {@code Authorization: Bearer <bot token>} ({@code not_authed} / {@code invalid_auth}
 * otherwise) and answering as Slack does: HTTP 200 with {@code {"ok": …}}, or HTTP 429 with
 * {@code Retry-After} when a rate limit is injected (aws-api-notes §5). A message posted to a user id is a
 * direct message, recorded in the DM channel {@code D…}. The {@code response_url}s it hands out accept
 * {@code replace_original}, {@code delete_original} and ephemeral or {@code in_channel} replies.
 *
 * <p><b>Slack calling the app</b>: {@link #click} and {@link #slashCommand} build the exact
 * form-encoded payloads Slack sends (a {@code payload=} JSON for {@code block_actions}; the slash command
 * fields otherwise), sign them with the signing secret, and either return them ({@link SignedSlackRequest})
 * or POST them to the configured interactions URL ({@link #deliver}).
 *
 * <p>Everything is recorded for assertions and for the sandbox's web page ({@code GET /_standin/messages});
 * {@code POST /_standin/click} {@code {"user","requestId","action"}} and {@code POST /_standin/command}
 * {@code {"user","text"}} act as Slack over HTTP.
 */
public final class SlackStandIn implements AutoCloseable {

    public static final String TEAM_ID = "T0STANDIN01";
    public static final String TEAM_DOMAIN = "standin";
    public static final String APP_ID = "A0STANDIN01";
    public static final String BOT_ID = "B0STANDIN01";
    public static final String BOT_USER_ID = "U0STANDINBOT";
    /** The channel slash commands are typed in unless told otherwise. */
    public static final String DEFAULT_COMMAND_CHANNEL = "C0COMMANDS01";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    /**
     * @param botToken        the token the app must present
     * @param signingSecret   the secret Slack signs its requests with
     * @param clock           the clock for request timestamps and message ts values
     * @param interactionsUrl where {@link #deliver} POSTs; may be set later with {@link #interactionsUrl(URI)}
     * @param port            0 for any free port
     */
    public record Settings(String botToken, String signingSecret, Clock clock, URI interactionsUrl, int port) {
        public Settings {
            Objects.requireNonNull(botToken, "botToken");
            Objects.requireNonNull(signingSecret, "signingSecret");
            clock = clock == null ? Clock.systemUTC() : clock;
        }

        public static Settings of(String botToken, String signingSecret) {
            return new Settings(botToken, signingSecret, Clock.systemUTC(), null, 0);
        }

        public Settings withClock(Clock other) {
            return new Settings(botToken, signingSecret, other, interactionsUrl, port);
        }
    }

    /** One call of a Web API method, as answered. {@code error} is Slack's error code, or null when ok. */
    public record ApiCall(String method, int status, String error) { }

    /** What the app answered to a delivered request. */
    public record Delivery(int status, String body, Duration elapsed) { }

    private record ResponseUrl(String userId, String channel, String messageTs) { }

    private static final class Message {
        final String channel;
        final String ts;
        final String threadTs;
        final String ephemeralUser;
        final String dmUser;
        String text;
        JsonNode blocks;
        int edits;
        boolean deleted;

        Message(String channel, String ts, String threadTs, String text, JsonNode blocks, String ephemeralUser,
                String dmUser) {
            this.channel = channel;
            this.ts = ts;
            this.threadTs = threadTs;
            this.text = text;
            this.blocks = blocks;
            this.ephemeralUser = ephemeralUser;
            this.dmUser = dmUser;
        }

        RecordedMessage snapshot() {
            return new RecordedMessage(channel, ts, threadTs, text, blocks, edits, ephemeralUser, dmUser);
        }
    }

    private final Settings settings;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<Message> messages = new ArrayList<>();
    private final List<ApiCall> calls = new ArrayList<>();
    private final Map<String, ResponseUrl> responseUrls = new HashMap<>();
    private final Map<String, String> users = new LinkedHashMap<>();
    private final Map<String, List<String>> userGroups = new LinkedHashMap<>();
    private final Map<String, Deque<String>> failures = new HashMap<>();
    private long sequence;
    private int rateLimitedCalls;
    private int retryAfterSeconds;
    private Duration latency = Duration.ZERO;
    private String botToken;
    private URI interactionsUrl;

    private SlackStandIn(Settings settings, HttpServer server, ExecutorService executor) {
        this.settings = settings;
        this.server = server;
        this.executor = executor;
        this.botToken = settings.botToken();
        this.interactionsUrl = settings.interactionsUrl();
    }

    /**
     * Starts the stand-in on the loopback interface.
     *
     * @throws IOException when the port cannot be bound
     */
    public static SlackStandIn start(Settings settings) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 64);
        // Unbounded so that injected latency on one call never holds up another.
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "slack-stand-in");
            thread.setDaemon(true);
            return thread;
        });
        SlackStandIn standIn = new SlackStandIn(settings, http, executor);
        http.setExecutor(executor);
        http.createContext("/", standIn::dispatch);
        http.start();
        return standIn;
    }

    public static SlackStandIn start(String botToken, String signingSecret) throws IOException {
        return start(Settings.of(botToken, signingSecret));
    }

    // ---- addresses ----------------------------------------------------------------------------------

    public URI baseUrl() {
        return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + "/");
    }

    /** The Web API base URL, to configure as {@code SLACK_API_URL}. */
    public URI apiUrl() {
        return baseUrl().resolve("api/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public synchronized void interactionsUrl(URI url) {
        this.interactionsUrl = url;
    }

    // ---- directory ----------------------------------------------------------------------------------

    public synchronized SlackStandIn addUser(String userId, String name) {
        users.put(userId, name);
        return this;
    }

    public synchronized SlackStandIn userGroup(String groupId, String... memberIds) {
        userGroups.put(groupId, List.of(memberIds));
        return this;
    }

    /** From now on only {@code newToken} is accepted, as after a rotation or a revocation of the old one. */
    public synchronized void rotateBotToken(String newToken) {
        this.botToken = newToken;
    }

    // ---- faults -------------------------------------------------------------------------------------

    /** The next {@code count} Web API calls get HTTP 429 with {@code Retry-After: retryAfterSeconds}. */
    public synchronized void rateLimitNext(int count, int retryAfter) {
        this.rateLimitedCalls = count;
        this.retryAfterSeconds = retryAfter;
    }

    /** Every request (Web API and response_url) waits this long before it is answered. */
    public synchronized void latency(Duration delay) {
        this.latency = delay;
    }

    /** The next call of {@code method} answers {@code {"ok": false, "error": error}}. */
    public synchronized void failNext(String method, String error) {
        failures.computeIfAbsent(method, m -> new ArrayDeque<>()).add(error);
    }

    public synchronized void clearFaults() {
        rateLimitedCalls = 0;
        latency = Duration.ZERO;
        failures.clear();
    }

    // ---- what happened ------------------------------------------------------------------------------

    /** Every message still present (not deleted), oldest first, as last updated. */
    public synchronized List<RecordedMessage> messages() {
        return messages.stream().filter(m -> !m.deleted).map(Message::snapshot).toList();
    }

    public List<RecordedMessage> messagesIn(String channel) {
        return messages().stream().filter(m -> m.channel().equals(channel) && !m.isEphemeral()).toList();
    }

    public List<RecordedMessage> directMessagesTo(String userId) {
        return messages().stream().filter(m -> userId.equals(m.dmUser())).toList();
    }

    public List<RecordedMessage> ephemeralMessagesFor(String userId) {
        return messages().stream().filter(m -> userId.equals(m.ephemeralUser())).toList();
    }

    public Optional<RecordedMessage> message(String channel, String ts) {
        return messages().stream().filter(m -> m.channel().equals(channel) && m.ts().equals(ts)).findFirst();
    }

    /** The newest message showing a button with this action id and value. */
    public Optional<RecordedMessage> messageWithButton(String actionId, String value) {
        List<RecordedMessage> all = messages();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (!all.get(i).isEphemeral() && all.get(i).hasButton(actionId, value)) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    public synchronized List<ApiCall> calls() {
        return List.copyOf(calls);
    }

    public List<ApiCall> calls(String method) {
        return calls().stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Forgets messages and calls; keeps users, groups, the token and the interactions URL. */
    public synchronized void reset() {
        messages.clear();
        calls.clear();
        responseUrls.clear();
        clearFaults();
    }

    // ---- acting as Slack ----------------------------------------------------------------------------

    /**
     * {@code userId} clicks the button {@code actionId} whose value is {@code requestId} on the newest
     * message that shows it: the signed {@code block_actions} request Slack would send.
     *
     * @throws IllegalStateException when no message shows such a button
     */
    public SignedSlackRequest click(String userId, String requestId, String actionId) {
        RecordedMessage message = messageWithButton(actionId, requestId).orElseThrow(() -> new IllegalStateException(
                "no message shows a '" + actionId + "' button for " + requestId));
        return sign(blockActionsBody(userId, message.channel(), message.ts(), message, actionId, requestId));
    }

    /**
     * A click on a button with this value on a message the stand-in does not hold (one posted before a
     * restart, or a forged value): for testing unknown requests.
     */
    public SignedSlackRequest clickWithoutMessage(String userId, String value, String actionId) {
        String ts = nextTs();
        return sign(blockActionsBody(userId, DEFAULT_COMMAND_CHANNEL, ts, null, actionId, value));
    }

    /** {@code userId} types {@code /egress <text>} in the default command channel. */
    public SignedSlackRequest slashCommand(String userId, String text) {
        return slashCommand(userId, DEFAULT_COMMAND_CHANNEL, text);
    }

    public SignedSlackRequest slashCommand(String userId, String channel, String text) {
        String responseUrl = newResponseUrl(new ResponseUrl(userId, channel, null));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token", "standinverificationtoken");
        fields.put("team_id", TEAM_ID);
        fields.put("team_domain", TEAM_DOMAIN);
        fields.put("channel_id", channel);
        fields.put("channel_name", "egress");
        fields.put("user_id", userId);
        fields.put("user_name", userName(userId));
        fields.put("command", "/egress");
        fields.put("text", text);
        fields.put("api_app_id", APP_ID);
        fields.put("is_enterprise_install", "false");
        fields.put("response_url", responseUrl);
        fields.put("trigger_id", nextTriggerId());
        return sign(formEncode(fields));
    }

    /** Signs any body with the current time, as Slack would. */
    public SignedSlackRequest sign(String body) {
        return sign(body, settings.clock().instant());
    }

    public SignedSlackRequest sign(String body, Instant at) {
        String timestamp = Long.toString(at.getEpochSecond());
        return new SignedSlackRequest(body, timestamp, SlackSigning.sign(settings.signingSecret(), timestamp, body));
    }

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

    private String blockActionsBody(String userId, String channel, String messageTs, RecordedMessage message,
                                    String actionId, String value) {
        String responseUrl = newResponseUrl(new ResponseUrl(userId, channel, messageTs));
        ObjectNode payload = JSON.createObjectNode();
        payload.put("type", "block_actions");
        payload.putObject("user").put("id", userId).put("username", userName(userId)).put("name", userName(userId))
                .put("team_id", TEAM_ID);
        payload.put("api_app_id", APP_ID);
        payload.put("token", "standinverificationtoken");
        payload.putObject("container").put("type", "message").put("message_ts", messageTs).put("channel_id", channel)
                .put("is_ephemeral", false);
        payload.put("trigger_id", nextTriggerId());
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
        ObjectNode action = payload.putArray("actions").addObject();
        RecordedMessage.Button button = message == null ? null : message.buttons().stream()
                .filter(b -> b.actionId().equals(actionId) && value.equals(b.value())).findFirst().orElse(null);
        action.put("type", "button").put("action_id", actionId).put("block_id", "standin-" + sequence());
        action.putObject("text").put("type", "plain_text").put("text", button == null ? actionId : button.text());
        action.put("value", value);
        if (button != null && button.style() != null) {
            action.put("style", button.style());
        }
        action.put("action_ts", nextTs());
        try {
            return "payload=" + URLEncoder.encode(JSON.writeValueAsString(payload), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized String newResponseUrl(ResponseUrl target) {
        String id = TEAM_ID + "/" + (++sequence) + "/" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        responseUrls.put(id, target);
        return baseUrl().resolve("response/" + id).toString();
    }

    private synchronized String userName(String userId) {
        return users.getOrDefault(userId, userId.toLowerCase(java.util.Locale.ROOT));
    }

    private synchronized long sequence() {
        return ++sequence;
    }

    private synchronized String nextTs() {
        return settings.clock().instant().getEpochSecond() + "." + String.format("%06d", ++sequence % 1_000_000);
    }

    private String nextTriggerId() {
        return sequence() + "." + Integer.toUnsignedString(TEAM_ID.hashCode()) + "." + Long.toHexString(System.nanoTime());
    }

    private static String formEncode(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return body.toString();
    }

    // ---- HTTP ---------------------------------------------------------------------------------------

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/_standin/")) {
                admin(exchange, path.substring("/_standin/".length()));
                return;
            }
            pause();
            if (path.startsWith("/api/")) {
                api(exchange, path.substring("/api/".length()));
            } else if (path.startsWith("/response/")) {
                responseUrl(exchange, path.substring("/response/".length()));
            } else {
                send(exchange, 404, error("not_found"));
            }
        } catch (RuntimeException e) {
            send(exchange, 500, error("internal_error"));
        }
    }

    private void pause() {
        Duration delay;
        synchronized (this) {
            delay = latency;
        }
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void api(HttpExchange exchange, String method) throws IOException {
        ObjectNode args = arguments(exchange);
        synchronized (this) {
            if (rateLimitedCalls > 0) {
                rateLimitedCalls--;
                calls.add(new ApiCall(method, 429, "ratelimited"));
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
                send(exchange, 429, error("ratelimited"));
                return;
            }
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        ObjectNode reply;
        if (auth == null || !auth.startsWith("Bearer ")) {
            reply = error("not_authed");
        } else if (!auth.substring("Bearer ".length()).equals(currentToken())) {
            reply = error("invalid_auth");
        } else {
            reply = injectedFailure(method).map(SlackStandIn::error).orElseGet(() -> call(method, args));
        }
        synchronized (this) {
            calls.add(new ApiCall(method, 200, reply.path("ok").asBoolean() ? null : reply.path("error").asText()));
        }
        send(exchange, 200, reply);
    }

    private synchronized String currentToken() {
        return botToken;
    }

    private synchronized Optional<String> injectedFailure(String method) {
        Deque<String> queue = failures.get(method);
        return queue == null || queue.isEmpty() ? Optional.empty() : Optional.of(queue.poll());
    }

    private synchronized ObjectNode call(String method, ObjectNode args) {
        return switch (method) {
            case "chat.postMessage" -> postMessage(args);
            case "chat.update" -> update(args);
            case "usergroups.users.list" -> userGroupMembers(args);
            case "users.info" -> userInfo(args);
            case "auth.test" -> JSON.createObjectNode().put("ok", true).put("url", baseUrl().toString())
                    .put("team", TEAM_DOMAIN).put("user", "egress-bot").put("team_id", TEAM_ID)
                    .put("user_id", BOT_USER_ID).put("bot_id", BOT_ID);
            default -> error("unknown_method");
        };
    }

    private ObjectNode postMessage(ObjectNode args) {
        String channel = args.path("channel").asText("");
        if (channel.isBlank()) {
            return error("channel_not_found");
        }
        Optional<JsonNode> blocks = blocks(args);
        if (blocks.isEmpty() && args.has("blocks")) {
            return error("invalid_blocks");
        }
        String text = args.path("text").asText("");
        if (text.isBlank() && blocks.map(JsonNode::isEmpty).orElse(true)) {
            return error("no_text");
        }
        String dmUser = null;
        if (channel.startsWith("U") || channel.startsWith("W")) {
            dmUser = channel;
            channel = "D" + channel.substring(1);
        }
        String threadTs = args.hasNonNull("thread_ts") ? args.get("thread_ts").asText() : null;
        if (threadTs != null && findMessage(channel, threadTs) == null) {
            return error("thread_not_found");
        }
        Message message = new Message(channel, nextTs(), threadTs, text, blocks.orElse(null), null, dmUser);
        messages.add(message);
        ObjectNode reply = JSON.createObjectNode().put("ok", true).put("channel", channel).put("ts", message.ts);
        reply.set("message", messageJson(message));
        return reply;
    }

    private ObjectNode update(ObjectNode args) {
        String channel = args.path("channel").asText("");
        String ts = args.path("ts").asText("");
        if (channel.isBlank()) {
            return error("channel_not_found");
        }
        Message message = findMessage(channel, ts);
        if (message == null) {
            return error("message_not_found");
        }
        Optional<JsonNode> blocks = blocks(args);
        if (blocks.isEmpty() && args.has("blocks")) {
            return error("invalid_blocks");
        }
        if (!args.has("text") && blocks.isEmpty()) {
            return error("no_text");
        }
        if (args.has("text")) {
            message.text = args.path("text").asText("");
        }
        // chat.update keeps the old blocks when none are sent (aws-api-notes §5).
        blocks.ifPresent(b -> message.blocks = b);
        message.edits++;
        return JSON.createObjectNode().put("ok", true).put("channel", channel).put("ts", ts).put("text", message.text);
    }

    private ObjectNode userGroupMembers(ObjectNode args) {
        List<String> members = userGroups.get(args.path("usergroup").asText(""));
        if (members == null) {
            return error("no_such_subteam");
        }
        ObjectNode reply = JSON.createObjectNode().put("ok", true);
        ArrayNode list = reply.putArray("users");
        members.forEach(list::add);
        return reply;
    }

    private ObjectNode userInfo(ObjectNode args) {
        String id = args.path("user").asText("");
        String name = users.get(id);
        if (name == null) {
            return error("user_not_found");
        }
        ObjectNode reply = JSON.createObjectNode().put("ok", true);
        ObjectNode user = reply.putObject("user").put("id", id).put("team_id", TEAM_ID).put("name", name)
                .put("real_name", name).put("deleted", false).put("is_bot", false);
        user.putObject("profile").put("display_name", name).put("real_name", name);
        return reply;
    }

    private void responseUrl(HttpExchange exchange, String id) throws IOException {
        ResponseUrl target;
        synchronized (this) {
            target = responseUrls.get(id);
        }
        if (target == null) {
            send(exchange, 404, error("no_such_response_url"));
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(readBody(exchange));
        } catch (IOException e) {
            send(exchange, 400, error("invalid_payload"));
            return;
        }
        if (body == null || !body.isObject()) {
            send(exchange, 400, error("invalid_payload"));
            return;
        }
        ObjectNode args = (ObjectNode) body;
        synchronized (this) {
            calls.add(new ApiCall("response_url", 200, null));
            Message original = target.messageTs() == null ? null : findMessage(target.channel(), target.messageTs());
            if (args.path("delete_original").asBoolean(false) || "true".equals(args.path("delete_original").asText())) {
                if (original != null) {
                    original.deleted = true;
                }
            } else if (args.path("replace_original").asBoolean(false)
                    || "true".equals(args.path("replace_original").asText())) {
                if (original == null) {
                    send(exchange, 404, error("message_not_found"));
                    return;
                }
                original.text = args.path("text").asText(original.text);
                blocks(args).ifPresent(b -> original.blocks = b);
                original.edits++;
            } else if ("in_channel".equals(args.path("response_type").asText())) {
                messages.add(new Message(target.channel(), nextTs(), null, args.path("text").asText(""),
                        blocks(args).orElse(null), null, null));
            } else {
                messages.add(new Message(target.channel(), nextTs(), null, args.path("text").asText(""),
                        blocks(args).orElse(null), target.userId(), null));
            }
        }
        send(exchange, 200, JSON.createObjectNode().put("ok", true));
    }

    private void admin(HttpExchange exchange, String action) throws IOException {
        switch (action) {
            case "messages" -> {
                ArrayNode all = JSON.createArrayNode();
                for (RecordedMessage message : messages()) {
                    ObjectNode node = all.addObject().put("channel", message.channel()).put("ts", message.ts())
                            .put("threadTs", message.threadTs()).put("text", message.text())
                            .put("edits", message.edits()).put("ephemeralUser", message.ephemeralUser())
                            .put("dmUser", message.dmUser());
                    node.set("blocks", message.blocks());
                }
                send(exchange, 200, all);
            }
            case "click", "command" -> {
                JsonNode body = JSON.readTree(readBody(exchange));
                SignedSlackRequest request = action.equals("click")
                        ? click(body.path("user").asText(), body.path("requestId").asText(), body.path("action").asText())
                        : slashCommand(body.path("user").asText(), body.path("text").asText());
                Delivery delivery = deliver(request);
                send(exchange, 200, JSON.createObjectNode().put("status", delivery.status())
                        .put("body", delivery.body()).put("elapsedMillis", delivery.elapsed().toMillis()));
            }
            default -> send(exchange, 404, error("not_found"));
        }
    }

    private Message findMessage(String channel, String ts) {
        for (Message message : messages) {
            if (!message.deleted && message.channel.equals(channel) && message.ts.equals(ts)) {
                return message;
            }
        }
        return null;
    }

    private static ObjectNode messageJson(Message message) {
        ObjectNode json = JSON.createObjectNode().put("type", "message").put("ts", message.ts).put("text", message.text)
                .put("bot_id", BOT_ID).put("user", BOT_USER_ID);
        json.set("blocks", message.blocks == null ? JSON.createArrayNode() : message.blocks);
        return json;
    }

    /** {@code blocks} as an array; a form post carries it as a JSON string. Empty when absent or invalid. */
    private static Optional<JsonNode> blocks(ObjectNode args) {
        JsonNode blocks = args.get("blocks");
        if (blocks == null || blocks.isNull()) {
            return Optional.empty();
        }
        if (blocks.isTextual()) {
            try {
                blocks = JSON.readTree(blocks.asText());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return blocks != null && blocks.isArray() ? Optional.of(blocks) : Optional.empty();
    }

    /** The call's arguments from a JSON body, a form body or the query string. */
    private static ObjectNode arguments(HttpExchange exchange) throws IOException {
        ObjectNode args = JSON.createObjectNode();
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            formDecode(query, args);
        }
        String body = readBody(exchange);
        if (body.isBlank()) {
            return args;
        }
        String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (contentType.startsWith("application/json")) {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.isObject()) {
                args.setAll((ObjectNode) json);
            }
        } else {
            formDecode(body, args);
        }
        return args;
    }

    private static void formDecode(String encoded, ObjectNode into) {
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(name, value);
        }
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IOException("request body too large");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static ObjectNode error(String code) {
        return JSON.createObjectNode().put("ok", false).put("error", code);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
