package io.egressallowlist.shared.slack;

import java.time.Duration;
import java.util.Optional;

/**
 * A Slack call that did not succeed. {@link #error()} is Slack's own error code for {@code ok:false}
 * replies ({@code channel_not_found}, {@code invalid_auth}…), {@code ratelimited} when the rate limit
 * outlasted the retries, {@code http_<status>} for another HTTP status, {@code timeout} or
 * {@code io_error} when there was no answer. The message never contains a token.
 */
public final class SlackException extends RuntimeException {

    private final String method;
    private final String error;
    private final Duration retryAfter;

    public SlackException(String method, String error, Duration retryAfter) {
        super("Slack " + method + " failed: " + error
                + (retryAfter == null ? "" : " (retry after " + retryAfter.toSeconds() + " s)"));
        this.method = method;
        this.error = error;
        this.retryAfter = retryAfter;
    }

    public SlackException(String method, String error) {
        this(method, error, null);
    }

    public String method() {
        return method;
    }

    public String error() {
        return error;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
