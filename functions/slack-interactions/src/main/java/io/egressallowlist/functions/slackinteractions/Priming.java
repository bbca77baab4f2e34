package io.egressallowlist.functions.slackinteractions;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.slack.ActionIds;
import io.egressallowlist.shared.slack.BlockKitMessages;
import io.egressallowlist.shared.slack.SecretSource;
import io.egressallowlist.shared.slack.SlackRequests;
import io.egressallowlist.shared.slack.SlackSignatureVerifier;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Exercises the code of a request (verify, parse, render) on made-up data before the SnapStart snapshot
 * (aws-api-notes §6), so that the first real click after a restore does not load and compile it. Uses a
 * throw-away secret and touches no network and no real secret.
 */
final class Priming {

    private Priming() {
    }

    /** {@code parser}: the handler's own, so that the reader it will use is the one warmed. */
    static void run(SlackRequests parser) {
        Instant now = Instant.now();
        String timestamp = Long.toString(now.getEpochSecond());
        String payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U0PRIMING01\"},"
                + "\"container\":{\"type\":\"message\",\"message_ts\":\"1.000001\",\"channel_id\":\"C0PRIMING01\"},"
                + "\"response_url\":\"https://hooks.slack.com/actions/T0/1/priming\","
                + "\"actions\":[{\"action_id\":\"" + ActionIds.APPROVE + "\",\"value\":\"01JD8X3Q4T5V6W7X8Y9Z0ABCDE\"}]}";
        byte[] body = ("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        String secret = "priming-only-not-a-secret";
        SlackSignatureVerifier verifier = new SlackSignatureVerifier(SecretSource.fixed(secret), Clock.systemUTC());
        verifier.verify(timestamp, SlackSignatureVerifier.sign(secret, timestamp, body), body);
        parser.parse(new String(body, StandardCharsets.UTF_8));
        AllowlistRequest request = AllowlistRequest.newDomainRequest(new RequestId("01JD8X3Q4T5V6W7X8Y9Z0ABCDE"),
                new FirewallTarget("example.com"),
                new Requester("slack:U0PRIMING01", "U0PRIMING01", null), "priming", Duration.ofDays(30), now,
                Duration.ofDays(7), false, null);
        BlockKitMessages.card(request, 1).toEphemeralResponse();
        BlockKitMessages.requesterOutcome(request).toEphemeralResponse();
    }
}
