package io.egressallowlist.emulators.slack;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request exactly as Slack would send it to the app's Request URL: a form-encoded body and the two
 * signature headers (aws-api-notes §5). Hand it to the handler as an API Gateway event, or POST it with
 * {@link SlackUser#deliver}.
 *
 * @param body      the raw {@code application/x-www-form-urlencoded} body, still URL-encoded
 * @param timestamp the {@code X-Slack-Request-Timestamp} value (Unix seconds)
 * @param signature the {@code X-Slack-Signature} value ({@code v0=<hex>})
 */
public record SignedSlackRequest(String body, String timestamp, String signature) {

    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded";
    public static final String USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)";

    /** The headers Slack sends, with Slack's capitalisation. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("User-Agent", USER_AGENT);
        headers.put("X-Slack-Request-Timestamp", timestamp);
        headers.put("X-Slack-Signature", signature);
        return headers;
    }

    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** The same request with another body but the original headers: a body changed after signing. */
    public SignedSlackRequest withBody(String tampered) {
        return new SignedSlackRequest(tampered, timestamp, signature);
    }

    public SignedSlackRequest withTimestamp(String otherTimestamp) {
        return new SignedSlackRequest(body, otherTimestamp, signature);
    }

    public SignedSlackRequest withSignature(String otherSignature) {
        return new SignedSlackRequest(body, timestamp, otherSignature);
    }
}
