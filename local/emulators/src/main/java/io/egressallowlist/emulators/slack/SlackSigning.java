package io.egressallowlist.emulators.slack;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Slack's request signing, as Slack computes it (aws-api-notes §5): {@code v0=} followed by the
 * lower-case hex HMAC-SHA256, keyed with the signing secret, of {@code v0:<timestamp>:<raw body>}.
 * Written independently of the verifier in {@code shared} so each checks the other.
 */
public final class SlackSigning {

    private SlackSigning() {
    }

    public static String sign(String signingSecret, String timestamp, String rawBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + rawBody).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
