package io.egressallowlist.shared.slack;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks that a request really comes from Slack, before anything in it is parsed (aws-api-notes §5,
 * ARCHITECTURE §8): {@code X-Slack-Signature} must be {@code v0=} and the hex HMAC-SHA256, keyed with the
 * app's signing secret, of {@code v0:<X-Slack-Request-Timestamp>:<raw body>}; the timestamp must be within
 * five minutes of now in either direction (Slack's own SDK only checks the past; a timestamp from the
 * future is as suspicious as an old one). The comparison is constant-time on the digest bytes.
 *
 * <p>A valid request replayed more than five minutes later is refused by the window; within the window a
 * replayed decision is harmless, since every decision is a conditional write (ARCHITECTURE §5).
 *
 * <p>After a rotation of the signing secret the cached value is stale: on a mismatch the secret is
 * re-read, at most once a minute, so that a flood of forged requests cannot become a flood of Secrets
 * Manager reads.
 */
public final class SlackSignatureVerifier {

    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final Duration REFRESH_INTERVAL = Duration.ofMinutes(1);
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SIGNATURE = Pattern.compile("v0=[0-9a-fA-F]{64}");

    /** Why a request was refused. None of these reveals anything about the secret. */
    public enum Reason {
        MISSING_TIMESTAMP,
        MISSING_SIGNATURE,
        MALFORMED_TIMESTAMP,
        MALFORMED_SIGNATURE,
        STALE_TIMESTAMP,
        SIGNATURE_MISMATCH
    }

    /** The outcome of {@link #verify}. */
    public sealed interface Result {
        /** One function per case, so that a new case fails compilation wherever it is not handled. */
        record Cases<R>(Function<? super Verified, ? extends R> verified,
                Function<? super Rejected, ? extends R> rejected) { }

        <R> R match(Cases<R> cases);

        /** The body is exactly what Slack signed, at {@code timestamp}. */
        record Verified(Instant timestamp) implements Result {
            @Override public <R> R match(Cases<R> cases) { return cases.verified().apply(this); }
        }

        record Rejected(Reason reason, String message) implements Result {
            @Override public <R> R match(Cases<R> cases) { return cases.rejected().apply(this); }
        }
    }

    private final SecretSource signingSecret;
    private final Clock clock;
    private Instant lastForcedRefresh = Instant.MIN;

    public SlackSignatureVerifier(SecretSource signingSecret, Clock clock) {
        this.signingSecret = signingSecret;
        this.clock = clock;
    }

    /**
     * @param timestamp the {@code X-Slack-Request-Timestamp} header, or null when absent
     * @param signature the {@code X-Slack-Signature} header, or null when absent
     * @param rawBody   the body exactly as received (after base64-decoding if API Gateway encoded it)
     */
    public Result verify(String timestamp, String signature, byte[] rawBody) {
        if (timestamp == null || timestamp.isBlank()) {
            return new Result.Rejected(Reason.MISSING_TIMESTAMP, "X-Slack-Request-Timestamp is missing");
        }
        if (signature == null || signature.isBlank()) {
            return new Result.Rejected(Reason.MISSING_SIGNATURE, "X-Slack-Signature is missing");
        }
        if (!TIMESTAMP.matcher(timestamp).matches()) {
            return new Result.Rejected(Reason.MALFORMED_TIMESTAMP, "X-Slack-Request-Timestamp is not Unix seconds");
        }
        if (!SIGNATURE.matcher(signature).matches()) {
            return new Result.Rejected(Reason.MALFORMED_SIGNATURE,
                    "X-Slack-Signature is not 'v0=' followed by 64 hex digits");
        }
        Instant at = Instant.ofEpochSecond(Long.parseLong(timestamp));
        Instant now = clock.instant();
        if (Duration.between(at, now).abs().compareTo(MAX_SKEW) > 0) {
            return new Result.Rejected(Reason.STALE_TIMESTAMP,
                    "X-Slack-Request-Timestamp is more than 5 minutes from now");
        }
        byte[] presented = HexFormat.of().parseHex(signature.substring(3));
        if (matches(signingSecret.value(), timestamp, rawBody, presented) || matchesAfterRefresh(now, timestamp, rawBody,
                presented)) {
            return new Result.Verified(at);
        }
        return new Result.Rejected(Reason.SIGNATURE_MISMATCH, "X-Slack-Signature does not match the body");
    }

    private synchronized boolean matchesAfterRefresh(Instant now, String timestamp, byte[] rawBody, byte[] presented) {
        if (Duration.between(lastForcedRefresh, now).compareTo(REFRESH_INTERVAL) < 0) {
            return false;
        }
        lastForcedRefresh = now;
        signingSecret.refresh();
        return matches(signingSecret.value(), timestamp, rawBody, presented);
    }

    private static boolean matches(String secret, String timestamp, byte[] rawBody, byte[] presented) {
        return MessageDigest.isEqual(hmac(secret, timestamp, rawBody), presented);
    }

    /** The {@code X-Slack-Signature} value Slack would send for this body. */
    public static String sign(String secret, String timestamp, byte[] rawBody) {
        return "v0=" + HexFormat.of().formatHex(hmac(secret, timestamp, rawBody));
    }

    private static byte[] hmac(String secret, String timestamp, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(rawBody);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
