package io.egressallowlist.emulators.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.egressallowlist.emulators.core.LoopbackHttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static io.egressallowlist.emulators.slack.SlackHttp.JSON;
import static io.egressallowlist.emulators.slack.SlackHttp.error;
import static io.egressallowlist.emulators.slack.SlackHttp.send;

/**
 * A loopback double of the Slack Web API the app calls, for tests and the local sandbox, under
 * {@link #apiUrl()}: {@code chat.postMessage}, {@code chat.update}, {@code usergroups.users.list},
 * {@code users.info} (minimal), {@code views.open} (a trigger opens one modal within 3 seconds of its interaction,
 * {@link SlackViews}) and {@code auth.test}, each checking {@code Authorization: Bearer <bot token>}
 * ({@code not_authed} / {@code invalid_auth} otherwise) and answering as Slack does: HTTP 200 with
 * {@code {"ok": …}}, or HTTP 429 with {@code Retry-After} when a rate limit is injected (aws-api-notes §5). A
 * message posted to a user id is a direct message, recorded in the DM channel {@code D…}. The
 * {@code response_url}s that a {@link SlackUser} hands out accept {@code replace_original},
 * {@code delete_original} and ephemeral or {@code in_channel} replies.
 *
 * <p>Every message and call is recorded for assertions and for the sandbox's web page
 * ({@code GET /_standin/messages}). Slack calling the app — clicks and slash commands — is {@link SlackUser}'s job.
 */
public final class SlackWebApiDouble implements AutoCloseable {

    public static final String TEAM_ID = "T0STANDIN01";
    public static final String TEAM_DOMAIN = "standin";
    public static final String BOT_ID = "B0STANDIN01";
    public static final String BOT_USER_ID = "U0STANDINBOT";

    /**
     * @param botToken the token the app must present
     * @param clock    the clock for message ts values (and for a {@link SlackUser}'s request timestamps)
     * @param port     0 for any free port
     */
    public record Settings(String botToken, Clock clock, int port) {
        public Settings {
            Objects.requireNonNull(botToken, "botToken");
            clock = clock == null ? Clock.systemUTC() : clock;
        }

        public static Settings of(String botToken) {
            return new Settings(botToken, Clock.systemUTC(), 0);
        }

        public Settings withClock(Clock other) {
            return new Settings(botToken, other, port);
        }
    }

    /** One call of a Web API method, as answered. {@code error} is Slack's error code, or null when ok. */
    public record ApiCall(String method, int status, String error) { }

    private final LoopbackHttpServer server;
    private final SlackWorkspace workspace;
    private final List<ApiCall> calls = new ArrayList<>();
    private final Map<String, Deque<String>> failures = new HashMap<>();
    private int rateLimitedCalls;
    private int retryAfterSeconds;
    private Duration latency = Duration.ZERO;
    private String botToken;
    private SlackUser actingUser;

    private SlackWebApiDouble(Settings settings, LoopbackHttpServer server) {
        this.server = server;
        this.botToken = settings.botToken();
        this.workspace = new SlackWorkspace(settings.clock(), baseUrl());
    }

    /**
     * Starts the double on the loopback interface.
     *
     * @throws IOException when the port cannot be bound
     */
    public static SlackWebApiDouble start(Settings settings) throws IOException {
        // Unbounded (0 threads) so that injected latency on one call never holds up another.
        LoopbackHttpServer http = LoopbackHttpServer.bind(settings.port(), 64, "slack-stand-in", 0);
        SlackWebApiDouble webApi = new SlackWebApiDouble(settings, http);
        http.start(webApi::dispatch);
        return webApi;
    }

    public static SlackWebApiDouble start(String botToken) throws IOException {
        return start(Settings.of(botToken));
    }

    // ---- addresses ----------------------------------------------------------------------------------

    public URI baseUrl() {
        return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.port() + "/");
    }

    /** The Web API base URL, to configure as {@code SLACK_API_URL}. */
    public URI apiUrl() {
        return baseUrl().resolve("api/");
    }

    public int port() {
        return server.port();
    }

    // ---- directory ----------------------------------------------------------------------------------

    public SlackWebApiDouble addUser(String userId, String name) {
        workspace.addUser(userId, name);
        return this;
    }

    public SlackWebApiDouble userGroup(String groupId, String... memberIds) {
        workspace.userGroup(groupId, List.of(memberIds));
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
    public List<RecordedMessage> messages() {
        return workspace.messages();
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

    /** Every modal opened with {@code views.open}, oldest first. */
    public List<OpenedView> openedViews() {
        return workspace.views().opened();
    }

    public Optional<OpenedView> openedView(String viewId) {
        return workspace.views().view(viewId);
    }

    public synchronized List<ApiCall> calls() {
        return List.copyOf(calls);
    }

    public List<ApiCall> calls(String method) {
        return calls().stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Forgets messages, opened modals and calls; keeps users, groups and the token. */
    public synchronized void reset() {
        workspace.clearMessages();
        calls.clear();
        clearFaults();
    }

    // ---- for the SlackUser that acts in this workspace ----------------------------------------------

    SlackWorkspace workspace() {
        return workspace;
    }

    /** The user that {@code POST /_standin/click} and {@code /_standin/command} act through. */
    synchronized void actingUser(SlackUser user) {
        this.actingUser = user;
    }

    // ---- HTTP ---------------------------------------------------------------------------------------

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/_standin/")) {
                standInRoute(exchange, path.substring("/_standin/".length()));
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
        ObjectNode args = SlackHttp.arguments(exchange);
        synchronized (this) {
            if (rateLimitedCalls > 0) {
                rateLimitedCalls--;
                calls.add(new ApiCall(method, 429, "ratelimited"));
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
                send(exchange, 429, error("ratelimited"));
                return;
            }
        }
        ObjectNode reply = authorizedAnswer(exchange.getRequestHeaders().getFirst("Authorization"), method, args);
        synchronized (this) {
            calls.add(new ApiCall(method, 200, reply.path("ok").asBoolean() ? null : reply.path("error").asText()));
        }
        send(exchange, 200, reply);
    }

    private ObjectNode authorizedAnswer(String auth, String method, ObjectNode args) {
        if (auth == null || !auth.startsWith("Bearer ")) {
            return error("not_authed");
        }
        if (!auth.substring("Bearer ".length()).equals(currentToken())) {
            return error("invalid_auth");
        }
        return injectedFailure(method).map(SlackHttp::error).orElseGet(() -> workspace.call(method, args));
    }

    private synchronized String currentToken() {
        return botToken;
    }

    private synchronized Optional<String> injectedFailure(String method) {
        Deque<String> queue = failures.get(method);
        return queue == null || queue.isEmpty() ? Optional.empty() : Optional.of(queue.poll());
    }

    private void responseUrl(HttpExchange exchange, String id) throws IOException {
        if (!workspace.hasResponseUrl(id)) {
            send(exchange, 404, error("no_such_response_url"));
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(SlackHttp.readBody(exchange));
        } catch (IOException e) {
            send(exchange, 400, error("invalid_payload"));
            return;
        }
        if (body == null || !body.isObject()) {
            send(exchange, 400, error("invalid_payload"));
            return;
        }
        synchronized (this) {
            calls.add(new ApiCall("response_url", 200, null));
        }
        SlackWorkspace.Answer answer = workspace.respond(id, (ObjectNode) body);
        send(exchange, answer.status(), answer.body());
    }

    /**
     * The stand-in's own routes: {@code GET /_standin/messages} for the sandbox page, and — when a
     * {@link SlackUser} acts in this workspace — {@code POST /_standin/click} {@code {"user","requestId","action"}}
     * and {@code POST /_standin/command} {@code {"user","text"}}, which act as Slack over HTTP.
     */
    private void standInRoute(HttpExchange exchange, String route) throws IOException {
        SlackUser user;
        synchronized (this) {
            user = actingUser;
        }
        if (route.equals("messages")) {
            send(exchange, 200, messagesJson());
        } else if ((route.equals("click") || route.equals("command")) && user != null) {
            send(exchange, 200, user.actOverHttp(route, JSON.readTree(SlackHttp.readBody(exchange))));
        } else {
            send(exchange, 404, error("not_found"));
        }
    }

    private ArrayNode messagesJson() {
        ArrayNode all = JSON.createArrayNode();
        for (RecordedMessage message : messages()) {
            ObjectNode node = all.addObject().put("channel", message.channel()).put("ts", message.ts())
                    .put("threadTs", message.threadTs()).put("text", message.text())
                    .put("edits", message.edits()).put("ephemeralUser", message.ephemeralUser())
                    .put("dmUser", message.dmUser());
            node.set("blocks", message.blocks());
        }
        return all;
    }

    @Override
    public void close() {
        server.close();
    }
}
