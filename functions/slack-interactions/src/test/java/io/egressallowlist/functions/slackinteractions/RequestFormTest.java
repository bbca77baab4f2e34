package io.egressallowlist.functions.slackinteractions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.emulators.slack.OpenedView;
import io.egressallowlist.emulators.slack.SignedSlackRequest;
import io.egressallowlist.emulators.slack.SlackWebApiDouble;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedDomain;
import io.egressallowlist.shared.domain.BlockedHost;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.notify.BlockedDigest;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.slack.ActionIds;
import io.egressallowlist.shared.slack.RequestForm;
import io.egressallowlist.shared.slack.SlackBlockedDigests;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.egressallowlist.functions.slackinteractions.SlackFixture.ALICE;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.BOB;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A digest's Request button opens the request form (views.open with the click's trigger), and the submitted form is
 * a request exactly like {@code /egress request}; signed like every other interaction.
 */
class RequestFormTest extends SlackFixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REASON = "download the tokenizer for the churn model";

    /** The digest of {@code user}'s blocked attempts to {@code host}, sent as alert-ingest sends it: a direct message. */
    private void requestButtonFor(String user, String host) {
        Instant seen = fixture.clock.instant();
        BlockedDomain line = new BlockedDomain(BlockedHost.of(host).orElseThrow(), Optional.of(DomainName.of(host)), 3,
                seen, seen, false, Optional.empty(), 1);
        new SlackBlockedDigests(fixture.slackClient, CHANNEL).send(new BlockedDigest(new BlockedDigest.Person(
                new Attribution.UserProfile("d-abc123", "alice", Attribution.Evidence.INTERFACE_TAGS),
                new SlackUserId(user)), List.of(line), seen.minus(Duration.ofHours(1)), seen));
        assertThat(fixture.slack.directMessagesTo(user)).last()
                .satisfies(digest -> assertThat(digest.hasButton(ActionIds.REQUEST_BLOCKED, host)).isTrue());
    }

    /** Alice clicks Request for {@code value}; the form opened for her. */
    private OpenedView opened(String value) {
        requestButtonFor(ALICE, value);
        APIGatewayProxyResponseEvent response = fixture.click(ALICE, value, ActionIds.REQUEST_BLOCKED);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(fixture.slack.openedViews()).hasSize(1);
        return fixture.slack.openedViews().get(0);
    }

    private APIGatewayProxyResponseEvent submit(OpenedView view, Map<String, String> inputs) {
        return fixture.send(fixture.slackUser.submitView(ALICE, view.id(), inputs));
    }

    private static JsonNode body(APIGatewayProxyResponseEvent response) throws Exception {
        assertThat(response.getStatusCode()).isEqualTo(200);
        return JSON.readTree(response.getBody());
    }

    private List<AllowlistRequest> stored() {
        return fixture.requests.listAll(null, 100, null).items();
    }

    private void assertNothingSubmitted() {
        assertThat(stored()).isEmpty();
        assertThat(fixture.events()).isEmpty();
        assertThat(fixture.slack.messagesIn(CHANNEL)).isEmpty();
    }

    /** The form kept open with an error under {@code block}, nothing submitted; the error, for the caller to check. */
    private AbstractStringAssert<?> assertRefusedWithErrorUnder(String block, JsonNode answer) {
        assertThat(answer.path("response_action").asText()).isEqualTo("errors");
        assertNothingSubmitted();
        return assertThat(answer.path("errors").path(block).asText());
    }

    @Test
    void clickingRequestOpensTheFormForTheClickerWithTheClicksTriggerPrefilledWithTheDomain() throws Exception {
        requestButtonFor(ALICE, "cdn-lfs.hf.co");
        SignedSlackRequest click = fixture.slackUser.click(ALICE, "cdn-lfs.hf.co", ActionIds.REQUEST_BLOCKED);
        String trigger = JSON.readTree(URLDecoder.decode(click.body().substring("payload=".length()),
                StandardCharsets.UTF_8)).path("trigger_id").asText();

        assertThat(fixture.send(click).getStatusCode()).isEqualTo(200);

        assertThat(fixture.slack.openedViews()).singleElement().satisfies(view -> {
            assertThat(view.userId()).isEqualTo(ALICE);
            assertThat(view.triggerId()).isEqualTo(trigger);
            assertThat(view.callbackId()).isEqualTo(RequestForm.CALLBACK_ID);
            assertThat(view.initialValue(RequestForm.DOMAIN_BLOCK)).isEqualTo("cdn-lfs.hf.co");
            assertThat(view.view().path("title").path("text").asText()).isEqualTo("Request egress");
            JsonNode justification = view.view().path("blocks").get(2);
            assertThat(justification.path("block_id").asText()).isEqualTo(RequestForm.JUSTIFICATION_BLOCK);
            assertThat(justification.path("optional").asBoolean()).isFalse();
            assertThat(justification.path("element").path("max_length").asInt()).isEqualTo(1_000);
        });
        assertNothingSubmitted();
    }

    @Test
    void theSubmittedFormIsARequestOfTheSubmitterPendingWithItsCardPostedAndTheModalShowingIt() throws Exception {
        OpenedView view = opened("example.org");

        JsonNode answer = body(submit(view, Map.of(RequestForm.JUSTIFICATION_BLOCK, REASON)));

        AllowlistRequest request = stored().get(0);
        assertThat(stored()).hasSize(1);
        assertThat(request.target()).isEqualTo(new FirewallTarget("example.org"));
        assertThat(request.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(request.requester().principal()).isEqualTo("slack:" + ALICE);
        assertThat(request.justification()).isEqualTo(REASON);
        assertThat(request.idempotencyKey()).isEqualTo("slack-trigger:" + view.id());
        assertThat(answer.path("response_action").asText()).isEqualTo("update");
        assertThat(answer.path("view").path("blocks").toString()).contains(request.id().value(), "`example.org`",
                "waiting for an approver", "<#" + CHANNEL + ">");
        assertThat(fixture.card(request).hasButton(ActionIds.APPROVE, request.id().value())).isTrue();
        assertThat(fixture.eventTypes()).containsExactly(EventTypes.REQUEST_SUBMITTED);
    }

    @Test
    void aDomainThePolicyPreApprovesIsApprovedAtOnce() throws Exception {
        OpenedView view = opened("files.pypi.org");

        JsonNode answer = body(submit(view, Map.of(RequestForm.JUSTIFICATION_BLOCK, "pip install from the index")));

        assertThat(stored()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RequestStatus.APPROVED));
        assertThat(answer.path("view").toString()).contains("pre-approved by policy");
        assertThat(fixture.eventTypes()).containsExactly(EventTypes.REQUEST_APPROVED);
    }

    @Test
    void theSubmitterMayWidenTheDomainAndItIsValidatedAgain() throws Exception {
        OpenedView view = opened("cdn-lfs.hf.co");

        body(submit(view, Map.of(RequestForm.DOMAIN_BLOCK, " .hf.co ", RequestForm.JUSTIFICATION_BLOCK, REASON)));

        assertThat(stored()).singleElement().satisfies(r -> assertThat(r.target()).isEqualTo(new FirewallTarget(".hf.co")));
    }

    @Test
    void aDomainThePolicyDeniesIsAnErrorUnderTheDomainAndNothingIsSubmitted() throws Exception {
        OpenedView view = opened("paste.pastebin.com");

        JsonNode answer = body(submit(view, Map.of(RequestForm.JUSTIFICATION_BLOCK, "share snippets")));

        assertRefusedWithErrorUnder(RequestForm.DOMAIN_BLOCK, answer)
                .isEqualTo("Not submitted: paste.pastebin.com is refused by policy rule 'paste-sites' (pattern"
                        + " .pastebin.com): Paste sites are an exfiltration channel");
        assertThat(answer.path("errors").size()).isEqualTo(1);
    }

    @Test
    void anEditedDomainThatIsNoDomainIsAnErrorUnderTheDomain() throws Exception {
        OpenedView view = opened("example.org");

        JsonNode answer = body(submit(view, Map.of(RequestForm.DOMAIN_BLOCK, "<!channel> *x*",
                RequestForm.JUSTIFICATION_BLOCK, REASON)));

        assertRefusedWithErrorUnder(RequestForm.DOMAIN_BLOCK, answer).isNotBlank();
    }

    @Test
    void aDomainLongerThanAnyEntryIsRefusedBeforeTheUseCase() throws Exception {
        OpenedView view = opened("example.org");

        JsonNode answer = body(submit(view, Map.of(RequestForm.DOMAIN_BLOCK, "a".repeat(300) + ".org",
                RequestForm.JUSTIFICATION_BLOCK, REASON)));

        assertRefusedWithErrorUnder(RequestForm.DOMAIN_BLOCK, answer)
                .isEqualTo("A domain has at most 254 characters.");
    }

    @Test
    void anEmptyJustificationIsAnErrorUnderTheJustification() throws Exception {
        OpenedView view = opened("example.org");

        JsonNode answer = body(submit(view, Map.of(RequestForm.JUSTIFICATION_BLOCK, "")));

        assertRefusedWithErrorUnder(RequestForm.JUSTIFICATION_BLOCK, answer)
                .isEqualTo("Say why you need it: a justification is required and is shown to the approvers.");
    }

    @Test
    void aJustificationOverTheLimitIsAnErrorUnderTheJustification() throws Exception {
        OpenedView view = opened("example.org");

        JsonNode answer = body(submit(view, Map.of(RequestForm.JUSTIFICATION_BLOCK, "x".repeat(1_001))));

        assertRefusedWithErrorUnder(RequestForm.JUSTIFICATION_BLOCK, answer)
                .isEqualTo("The justification has 1001 characters; keep it within 1000.");
    }

    @Test
    void theFormIsNotOpenedWithATriggerOlderThanThreeSecondsAndTheClickerIsTold() {
        requestButtonFor(ALICE, "example.org");
        SignedSlackRequest click = fixture.slackUser.click(ALICE, "example.org", ActionIds.REQUEST_BLOCKED);
        fixture.clock.advance(Duration.ofSeconds(4));

        assertThat(fixture.send(click).getStatusCode()).isEqualTo(200);

        assertThat(fixture.slack.openedViews()).isEmpty();
        assertThat(fixture.slack.calls("views.open")).singleElement()
                .satisfies(call -> assertThat(call.error()).isEqualTo("expired_trigger_id"));
        assertThat(fixture.ephemeralFor(ALICE)).singleElement()
                .satisfies(note -> assertThat(note.allText()).contains("could not be opened (expired_trigger_id)"));
        assertNothingSubmitted();
    }

    @Test
    void aTriggerOpensOneFormOnly() {
        requestButtonFor(ALICE, "example.org");
        SignedSlackRequest click = fixture.slackUser.click(ALICE, "example.org", ActionIds.REQUEST_BLOCKED);

        fixture.send(click);
        fixture.send(click);

        assertThat(fixture.slack.openedViews()).hasSize(1);
        assertThat(fixture.slack.calls("views.open")).extracting(SlackWebApiDouble.ApiCall::error)
                .containsExactly(null, "exchanged_trigger_id");
    }

    @Test
    void aRequestButtonNamingNoDomainOpensNothing() {
        APIGatewayProxyResponseEvent response = fixture.send(fixture.slackUser.clickWithoutMessage(ALICE,
                "<!channel> *x*", ActionIds.REQUEST_BLOCKED));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(fixture.slack.openedViews()).isEmpty();
        assertThat(fixture.slack.calls("views.open")).isEmpty();
    }

    @Test
    void aForgedSubmissionIsRefusedAndChangesNothing() {
        OpenedView view = opened("example.org");
        SignedSlackRequest genuine = fixture.slackUser.submitView(ALICE, view.id(),
                Map.of(RequestForm.JUSTIFICATION_BLOCK, REASON));

        APIGatewayProxyResponseEvent wrongSecret = fixture.send(genuine.withSignature(
                io.egressallowlist.emulators.slack.SlackSigning.sign("not-the-secret", genuine.timestamp(),
                        genuine.body())));
        APIGatewayProxyResponseEvent altered = fixture.send(genuine.withBody(genuine.body().replace("example.org",
                "evil.example")));

        assertThat(wrongSecret.getStatusCode()).isEqualTo(401);
        assertThat(altered.getStatusCode()).isEqualTo(401);
        assertNothingSubmitted();
    }

    @Test
    void aReplayedSubmissionSubmitsNothingNewAndAStaleOneIsRefused() throws Exception {
        OpenedView view = opened("example.org");
        SignedSlackRequest submission = fixture.slackUser.submitView(ALICE, view.id(),
                Map.of(RequestForm.JUSTIFICATION_BLOCK, REASON));
        fixture.send(submission);

        JsonNode replayed = body(fixture.send(submission));
        fixture.clock.advance(Duration.ofMinutes(6));
        APIGatewayProxyResponseEvent stale = fixture.send(submission);

        assertThat(replayed.path("view").toString()).contains("Already received");
        assertThat(stale.getStatusCode()).isEqualTo(401);
        assertThat(stored()).hasSize(1);
        assertThat(fixture.eventTypes()).containsExactly(EventTypes.REQUEST_SUBMITTED);
        assertThat(fixture.slack.messagesIn(CHANNEL)).hasSize(1);
    }

    @Test
    void theRequesterIsTheSubmitterAndThePrivateMetadataIsNoAuthority() throws Exception {
        OpenedView view = opened("example.org");

        body(fixture.send(fixture.slackUser.submitView(ALICE, view, Map.of(RequestForm.JUSTIFICATION_BLOCK, REASON),
                "{\"suggested\":\"evil.example\",\"user\":\"" + BOB + "\"}")));

        assertThat(stored()).singleElement().satisfies(r -> {
            assertThat(r.requester().principal()).isEqualTo("slack:" + ALICE);
            assertThat(r.target()).isEqualTo(new FirewallTarget("example.org"));
        });
    }

    @Test
    void onlyTheUserTheFormWasOpenedForCanSubmitItInTheStandIn() {
        OpenedView view = opened("example.org");

        assertThatThrownBy(() -> fixture.slackUser.submitView(BOB, view.id(), Map.of()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSubmissionOfAnotherModalClosesItAndSubmitsNothing() throws Exception {
        OpenedView view = opened("example.org");
        var other = (com.fasterxml.jackson.databind.node.ObjectNode) view.view();
        other.put("callback_id", "something-else");
        OpenedView foreign = new OpenedView(view.id(), view.userId(), view.triggerId(), other, view.openedAt());

        APIGatewayProxyResponseEvent response = fixture.send(fixture.slackUser.submitView(ALICE, foreign,
                Map.of(RequestForm.JUSTIFICATION_BLOCK, REASON), ""));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEmpty();
        assertNothingSubmitted();
    }
}
