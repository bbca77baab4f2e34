package io.egressallowlist.shared.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.MessageRef;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The few Slack Web API calls the control plane makes (aws-api-notes §5): {@code chat.postMessage},
 * {@code chat.update}, {@code usergroups.users.list}, {@code views.open}, and posts to an interaction's
 * {@code response_url}.
 *
 * <p>Over {@link HttpURLConnection}, the JDK client the AWS SDK's URL-connection HTTP client uses too, so a
 * cold start loads one HTTP stack, not two (a {@code java.net.http} client took 45–75 ms to build on a cold
 * start here, before its first request; bench/README.md "cold-start").
 *
 * <ul>
 *   <li>Slack answers HTTP 200 even for failures: {@code "ok": false} becomes a {@link SlackException}
 *       carrying Slack's {@code error} code.</li>
 *   <li>HTTP 429 is waited out for {@code Retry-After} seconds and retried, within
 *       {@link Settings#maxAttempts()} and only when the wait is at most {@link Settings#maxRetryAfter()};
 *       otherwise it fails fast with {@code ratelimited} rather than holding a function past its budget.</li>
 *   <li>{@code invalid_auth} / {@code token_revoked} re-read the bot token once (it may have been rotated)
 *       and retry.</li>
 *   <li>The bot token is sent only as {@code Authorization: Bearer}, never in a URL or a body, and never
 *       logged. A {@code response_url} is itself a credential: it gets no token and is never logged either.</li>
 *   <li>Timeouts and connection failures are not retried: a {@code chat.postMessage} that may have
 *       reached Slack must not be posted twice.</li>
 * </ul>
 */
public final class SlackClient {

    /**
     * How patient the client is.
     *
     * @param connectTimeout to open a connection
     * @param requestTimeout for one HTTP exchange
     * @param maxAttempts    attempts per call when rate limited (at least 1)
     * @param maxRetryAfter  the longest {@code Retry-After} worth waiting for
     */
    public record Settings(Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration maxRetryAfter) {
        public Settings {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
            }
        }

        /** For functions that are not on Slack's clock (notifications from the reconciler, cleanup, guard). */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(3), Duration.ofSeconds(10), 3, Duration.ofSeconds(30));
        }

        /** For the interactions function, which must answer Slack within 3 seconds. */
        public static Settings interactive() {
            return new Settings(Duration.ofMillis(800), Duration.ofMillis(1200), 2, Duration.ofSeconds(1));
        }
    }

    /** Waits; injected so tests do not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
    }

    /** How a {@code response_url} reply is shown. */
    public enum ResponseType {
        /** Only to the user who clicked or typed the command. */
        EPHEMERAL,
        /** Replaces the message that holds the clicked button. */
        REPLACE_ORIGINAL
    }

    private static final Set<String> TOKEN_REJECTED = Set.of("invalid_auth", "token_revoked");
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    private static final String SLACK_HOOKS_HOST = "hooks.slack.com";
    private static final String JSON_CONTENT = "application/json; charset=utf-8";
    private static final String FORM_CONTENT = "application/x-www-form-urlencoded";

    private final URI apiBase;
    private final SecretSource botToken;
    private final Settings settings;
    private final Sleeper sleeper;
    private final JsonLog log;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param apiBase  the Web API base URL ({@code https://slack.com/api/}, or the stand-in's); from
     *                 {@code ControlPlaneConfig.slackApiUrl()}
     * @param botToken the bot token ({@code xoxb-…})
     */
    public SlackClient(URI apiBase, SecretSource botToken, Settings settings, Sleeper sleeper, JsonLog log) {
        String base = apiBase.toString();
        this.apiBase = URI.create(base.endsWith("/") ? base : base + "/");
        this.botToken = botToken;
        this.settings = settings;
        this.sleeper = sleeper;
        this.log = log;
    }

    public SlackClient(URI apiBase, SecretSource botToken, Settings settings) {
        this(apiBase, botToken, settings, Sleeper.REAL, JsonLog.of(SlackClient.class));
    }

    /** Posts a message to a channel, or as a direct message when {@code channel} is a user id. */
    public MessageRef postMessage(String channel, SlackMessage message) {
        return postMessage(channel, message, null);
    }

    /** Posts a message, in the thread of {@code threadTs} when it is not null. */
    public MessageRef postMessage(String channel, SlackMessage message, String threadTs) {
        ObjectNode body = message.toJson();
        body.put("channel", channel);
        if (threadTs != null) {
            body.put("thread_ts", threadTs);
        }
        // link_names stays off: nobody is notified by an @name typed into a justification.
        body.put("unfurl_links", false).put("unfurl_media", false);
        JsonNode reply = callJson("chat.postMessage", body);
        return new MessageRef(reply.path("channel").asText(channel), reply.path("ts").asText());
    }

    /** Replaces the text and blocks of a message the bot posted. */
    public void update(MessageRef message, SlackMessage replacement) {
        ObjectNode body = replacement.toJson();
        body.put("channel", message.channel()).put("ts", message.ts());
        callJson("chat.update", body);
    }

    /**
     * Opens a modal for the user whose interaction carried {@code triggerId}, and returns the new view's id.
     * A trigger can be exchanged once, within 3 seconds of the interaction; after that Slack answers
     * {@code expired_trigger_id} or {@code exchanged_trigger_id}, a {@link SlackException} here
     * (https://docs.slack.dev/reference/methods/views.open, aws-api-notes §9).
     */
    public String openView(String triggerId, SlackView view) {
        ObjectNode body = json.createObjectNode().put("trigger_id", triggerId);
        body.set("view", view.toJson());
        JsonNode reply = callJson("views.open", body);
        return reply.path("view").path("id").asText("");
    }

    /** The user ids in a user group. */
    public List<String> userGroupMembers(String groupId) {
        // A read method: Slack takes its arguments form-encoded, not as JSON.
        JsonNode reply = callForm("usergroups.users.list", Map.of("usergroup", groupId));
        List<String> members = new ArrayList<>();
        reply.path("users").forEach(user -> members.add(user.asText()));
        return members;
    }

    /**
     * Replies through an interaction's {@code response_url}. Only Slack's own hooks host (or the host of
     * the configured API, for the stand-in) is contacted, whatever URL the payload names.
     */
    public void respond(URI responseUrl, SlackMessage message, ResponseType type) {
        if (!isSlackHook(responseUrl)) {
            throw new SlackException("response_url", "response_url_not_slack");
        }
        ObjectNode body = message.toJson();
        if (type == ResponseType.REPLACE_ORIGINAL) {
            body.put("replace_original", true);
        } else {
            body.put("response_type", "ephemeral").put("replace_original", false);
        }
        send("response_url", responseUrl, JSON_CONTENT, body.toString(), false);
    }

    /** Whether {@code url} is a URL Slack would hand out as a {@code response_url}. */
    public boolean isSlackHook(URI url) {
        if (url == null || url.getHost() == null) {
            return false;
        }
        if ("https".equals(url.getScheme()) && SLACK_HOOKS_HOST.equals(url.getHost().toLowerCase(Locale.ROOT))) {
            return true;
        }
        return Objects.equals(url.getScheme(), apiBase.getScheme()) && url.getHost().equalsIgnoreCase(apiBase.getHost())
                && url.getPort() == apiBase.getPort();
    }

    private JsonNode callJson(String method, ObjectNode body) {
        return send(method, apiBase.resolve(method), JSON_CONTENT, body.toString(), true);
    }

    private JsonNode callForm(String method, Map<String, String> arguments) {
        StringBuilder form = new StringBuilder();
        arguments.forEach((name, value) -> {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return send(method, apiBase.resolve(method), FORM_CONTENT, form.toString(), true);
    }

    private JsonNode send(String method, URI url, String contentType, String payload, boolean withToken) {
        boolean tokenRefreshed = false;
        int attempt = 0;
        while (true) {
            attempt++;
            Answer response = exchange(method, url, contentType, payload, withToken ? botToken.value() : null);
            if (response.statusCode() == 429) {
                Duration retryAfter = retryAfter(response);
                if (attempt >= settings.maxAttempts() || retryAfter.compareTo(settings.maxRetryAfter()) > 0) {
                    log.warn("Slack rate limit outlasted the retries", "method", method, "attempts", attempt,
                            "retryAfterSeconds", retryAfter.toSeconds());
                    throw new SlackException(method, "ratelimited", retryAfter);
                }
                log.info("Slack rate limited the call; waiting", "method", method, "attempt", attempt,
                        "retryAfterSeconds", retryAfter.toSeconds());
                pause(method, retryAfter);
                continue;
            }
            if (response.statusCode() != 200) {
                log.warn("Slack answered with an unexpected HTTP status", "method", method, "status", response.statusCode());
                throw new SlackException(method, "http_" + response.statusCode());
            }
            Optional<JsonNode> body = parse(response.body());
            if (body.isEmpty()) {
                if (!withToken) {
                    return json.createObjectNode().put("ok", true); // a response_url may answer a plain "ok"
                }
                log.warn("Slack answered with a body that is not JSON", "method", method);
                throw new SlackException(method, "invalid_response");
            }
            if (body.get().path("ok").asBoolean(false) || (!withToken && !body.get().has("ok"))) {
                return body.get();
            }
            String error = body.get().path("error").asText("unknown_error");
            if (withToken && TOKEN_REJECTED.contains(error) && !tokenRefreshed) {
                tokenRefreshed = true;
                attempt--;
                log.warn("Slack rejected the bot token; re-reading it once", "method", method, "error", error);
                botToken.refresh();
                continue;
            }
            log.warn("Slack call failed", "method", method, "error", error);
            throw new SlackException(method, error);
        }
    }

    /** One HTTP answer: status, body (of an error status too) and the {@code Retry-After} header, if any. */
    private record Answer(int statusCode, String body, String retryAfter) {
    }

    /**
     * One POST. Redirects are not followed. The body is streamed with a fixed length, which also stops
     * {@link HttpURLConnection} from silently sending a POST a second time when a kept-alive connection turns
     * out to be closed: a message that may have reached Slack is never posted twice.
     */
    private Answer exchange(String method, URI url, String contentType, String payload, String token) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) url.toURL().openConnection();
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(millis(settings.connectTimeout()));
            connection.setReadTimeout(millis(settings.requestTimeout()));
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Content-Type", contentType);
            if (token != null) {
                connection.setRequestProperty("Authorization", "Bearer " + token);
            }
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
            int status = connection.getResponseCode();
            String body;
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Answer(status, body, connection.getHeaderField("Retry-After"));
        } catch (SocketTimeoutException e) {
            log.warn("Slack did not answer in time", "method", method, "connectTimeoutMillis",
                    settings.connectTimeout().toMillis(), "timeoutMillis", settings.requestTimeout().toMillis());
            throw new SlackException(method, "timeout");
        } catch (IOException e) {
            log.warn("Slack could not be reached", "method", method, "exception", e.getClass().getSimpleName());
            throw new SlackException(method, "io_error");
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    private void pause(String method, Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackException(method, "interrupted");
        }
    }

    private static Duration retryAfter(Answer response) {
        if (response.retryAfter() == null) {
            return DEFAULT_RETRY_AFTER;
        }
        try {
            long seconds = Long.parseLong(response.retryAfter().strip());
            return seconds < 0 ? DEFAULT_RETRY_AFTER : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER;
        }
    }

    private Optional<JsonNode> parse(String body) {
        try {
            JsonNode node = json.readTree(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
