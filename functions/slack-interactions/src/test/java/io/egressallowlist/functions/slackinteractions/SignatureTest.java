package io.egressallowlist.functions.slackinteractions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.egressallowlist.emulators.slack.SignedSlackRequest;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.requests.Actor;
import io.egressallowlist.shared.requests.SubmitOutcome;
import io.egressallowlist.shared.slack.ActionIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static io.egressallowlist.functions.slackinteractions.SlackFixture.ALICE;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.APPROVER_1;
import static org.assertj.core.api.Assertions.assertThat;

/** Nothing is parsed, stored, published or posted for a request that is not signed by Slack, recently. */
class SignatureTest extends SlackFixtureTest {

    private AllowlistRequest pending;

    @BeforeEach
    void submitAPendingRequest() {
        Requester alice = new Requester("slack:" + ALICE, ALICE, null);
        pending = ((SubmitOutcome.Submitted) fixture.service.submit("example.org", "needed", Optional.empty(), alice,
                Actor.slack(new io.egressallowlist.shared.domain.SlackUserId(ALICE), Set.of()), null)).request();
    }

    /** A genuine approval click on the pending request, as Slack would sign it now. */
    private SignedSlackRequest genuineClick() {
        return fixture.slackUser.clickWithoutMessage(APPROVER_1, pending.id().value(), ActionIds.APPROVE);
    }

    private void assertRefusedAndNothingChanged(APIGatewayProxyResponseEvent response) {
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getBody()).doesNotContain(SlackFixture.SIGNING_SECRET);
        AllowlistRequest now = fixture.current(pending);
        assertThat(now.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(now.approvals()).isEmpty();
        assertThat(fixture.auditActions(pending)).containsExactly("REQUEST_CREATED");
        assertThat(fixture.events()).isEmpty();
        assertThat(fixture.slack.calls()).isEmpty();
    }

    private static APIGatewayProxyRequestEvent withHeaders(SignedSlackRequest request,
                                                           UnaryOperator<Map<String, String>> change) {
        APIGatewayProxyRequestEvent event = SlackFixture.event(request);
        Map<String, String> headers = change.apply(new HashMap<>(request.headers()));
        event.setHeaders(headers);
        Map<String, List<String>> multi = new HashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        event.setMultiValueHeaders(multi);
        return event;
    }

    @Test
    void aGenuineClickIsAccepted() {
        APIGatewayProxyResponseEvent response = fixture.send(genuineClick());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(fixture.current(pending).status()).isEqualTo(RequestStatus.APPROVED);
    }

    @Test
    void aRequestWithoutTheTimestampHeaderIsRefused() {
        assertRefusedAndNothingChanged(fixture.send(withHeaders(genuineClick(), h -> {
            h.remove("X-Slack-Request-Timestamp");
            return h;
        })));
    }

    @Test
    void aRequestWithoutTheSignatureHeaderIsRefused() {
        assertRefusedAndNothingChanged(fixture.send(withHeaders(genuineClick(), h -> {
            h.remove("X-Slack-Signature");
            return h;
        })));
    }

    @Test
    void aRequestWithNoHeadersAtAllIsRefused() {
        APIGatewayProxyRequestEvent event = SlackFixture.event(genuineClick());
        event.setHeaders(null);
        event.setMultiValueHeaders(null);

        assertRefusedAndNothingChanged(fixture.send(event));
    }

    @Test
    void aMalformedSignatureIsRefused() {
        assertRefusedAndNothingChanged(fixture.send(genuineClick().withSignature("v0=not-hex-at-all")));
    }

    @Test
    void aSignatureWithAnotherVersionPrefixIsRefused() {
        SignedSlackRequest click = genuineClick();
        assertRefusedAndNothingChanged(fixture.send(click.withSignature("v1=" + click.signature().substring(3))));
    }

    @Test
    void aRequestSignedSixMinutesAgoIsRefused() {
        SignedSlackRequest click = genuineClick();
        assertRefusedAndNothingChanged(fixture.send(fixture.slackUser.sign(click.body(),
                fixture.clock.instant().minus(Duration.ofMinutes(6)))));
    }

    @Test
    void aRequestSignedSixMinutesAheadIsRefused() {
        SignedSlackRequest click = genuineClick();
        assertRefusedAndNothingChanged(fixture.send(fixture.slackUser.sign(click.body(),
                fixture.clock.instant().plus(Duration.ofMinutes(6)))));
    }

    @Test
    void aValidRequestReplayedLaterIsRefused() {
        SignedSlackRequest captured = genuineClick();
        fixture.clock.advance(Duration.ofMinutes(6));

        assertRefusedAndNothingChanged(fixture.send(captured));
    }

    @Test
    void aBodyChangedAfterSigningIsRefused() {
        SignedSlackRequest click = genuineClick();
        SignedSlackRequest tampered = click.withBody(click.body().replace(APPROVER_1, "U0OUTSIDE01"));

        assertThat(tampered.body()).isNotEqualTo(click.body());
        assertRefusedAndNothingChanged(fixture.send(tampered));
    }

    @Test
    void aRequestSignedWithAnotherSecretIsRefused() {
        SignedSlackRequest click = genuineClick();
        String forged = io.egressallowlist.emulators.slack.SlackSigning.sign("guessed-secret", click.timestamp(),
                click.body());

        assertRefusedAndNothingChanged(fixture.send(click.withSignature(forged)));
    }

    @Test
    void aBase64EncodedBodyIsDecodedBeforeVerifying() {
        SignedSlackRequest click = genuineClick();
        APIGatewayProxyRequestEvent event = SlackFixture.event(click)
                .withBody(Base64.getEncoder().encodeToString(click.body().getBytes(StandardCharsets.UTF_8)))
                .withIsBase64Encoded(true);

        assertThat(fixture.send(event).getStatusCode()).isEqualTo(200);
        assertThat(fixture.current(pending).status()).isEqualTo(RequestStatus.APPROVED);
    }

    @Test
    void aBase64BodyNotFlaggedAsEncodedIsRefused() {
        SignedSlackRequest click = genuineClick();
        APIGatewayProxyRequestEvent event = SlackFixture.event(click)
                .withBody(Base64.getEncoder().encodeToString(click.body().getBytes(StandardCharsets.UTF_8)));

        assertRefusedAndNothingChanged(fixture.send(event));
    }

    @Test
    void aBodyFlaggedAsBase64ThatIsNotBase64IsRefused() {
        APIGatewayProxyRequestEvent event = SlackFixture.event(genuineClick()).withIsBase64Encoded(true);

        assertRefusedAndNothingChanged(fixture.send(event));
    }

    @Test
    void headerNamesAreMatchedWhateverTheirCase() {
        assertThat(fixture.send(withHeaders(genuineClick(), h -> {
            Map<String, String> lower = new HashMap<>();
            h.forEach((name, value) -> lower.put(name.toLowerCase(java.util.Locale.ROOT), value));
            return lower;
        })).getStatusCode()).isEqualTo(200);
    }

    @Test
    void headersOnlyInTheMultiValueMapAreFound() {
        APIGatewayProxyRequestEvent event = SlackFixture.event(genuineClick());
        event.setHeaders(null);

        assertThat(fixture.send(event).getStatusCode()).isEqualTo(200);
    }

    @Test
    void aSignedBodyThatIsNotASlackRequestIsABadRequestAndChangesNothing() {
        APIGatewayProxyResponseEvent response = fixture.send(fixture.slackUser.sign("hello=world"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(fixture.current(pending).status()).isEqualTo(RequestStatus.PENDING);
        assertThat(fixture.events()).isEmpty();
    }

    @Test
    void aSignedPayloadThatIsNotJsonIsABadRequest() {
        assertThat(fixture.send(fixture.slackUser.sign("payload=%7Bnot-json")).getStatusCode()).isEqualTo(400);
    }

    @Test
    void anInteractionTypeTheAppDoesNotUseIsAcknowledgedAndIgnored() {
        APIGatewayProxyResponseEvent response = fixture.send(fixture.slackUser.sign(
                "payload=" + java.net.URLEncoder.encode("{\"type\":\"view_closed\",\"user\":{\"id\":\"U0APPROVE01\"}}",
                        StandardCharsets.UTF_8)));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(fixture.events()).isEmpty();
    }
}
