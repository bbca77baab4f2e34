package io.egressallowlist.functions.slackinteractions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.eventbridge.PublishedEvent;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.slack.RecordedMessage;
import io.egressallowlist.emulators.slack.SignedSlackRequest;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.requests.Actor;
import io.egressallowlist.shared.requests.SubmitOutcome;
import io.egressallowlist.shared.slack.ActionIds;
import io.egressallowlist.shared.domain.SlackUserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static io.egressallowlist.functions.slackinteractions.SlackFixture.ALICE;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.APPROVER_1;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.APPROVER_2;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.BOB;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.GROUP_MEMBER;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.OUTSIDER;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.outcome;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.replyText;
import static org.assertj.core.api.Assertions.assertThat;

/** Approve, deny, renew and approve-rollback through the handler, dynalite, EventBridge and the Slack stand-in. */
@ExtendWith(DynaliteExtension.class)
class ButtonsTest {

    private Dynalite dynalite;
    private DynamoDbClient dynamo;
    private SlackFixture fixture;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) throws Exception {
        this.dynalite = dynalite;
        this.dynamo = dynamo;
        fixture = new SlackFixture(dynalite, dynamo);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private void useQuorum(int quorum) throws Exception {
        fixture.close();
        fixture = new SlackFixture(dynalite, dynamo, quorum, Duration.ofSeconds(5));
    }

    @Test
    void anApprovalIsStoredPublishedShownOnTheCardAndToldToTheRequester() {
        AllowlistRequest request = fixture.requestedInSlack(BOB, "example.org");
        fixture.eventBridge.clearPublished();

        APIGatewayProxyResponseEvent response = fixture.click(APPROVER_1, request.id().value(), ActionIds.APPROVE);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(replyText(response)).contains("You approved the request for `example.org`");
        assertThat(outcome(response)).isEqualTo("done");
        AllowlistRequest approved = fixture.current(request);
        assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(approved.intent()).isEqualTo(Intent.ADD);
        assertThat(approved.decidedBy()).isEqualTo("slack:" + APPROVER_1);
        assertThat(fixture.events()).singleElement().satisfies(event -> {
            assertThat(event.detailType()).isEqualTo("Request Approved");
            assertThat(event.envelope().path("detail").path("requestId").asText()).isEqualTo(request.id().value());
            assertThat(event.envelope().path("detail").path("target").asText()).isEqualTo("example.org");
            assertThat(event.envelope().path("detail").path("actor").asText()).isEqualTo("slack:" + APPROVER_1);
        });
        RecordedMessage card = fixture.card(request);
        assertThat(card.buttons()).as("no Approve or Deny once approved: only Revoke")
                .extracting(RecordedMessage.Button::actionId).containsExactly(ActionIds.REVOKE);
        assertThat(card.allText()).contains("Approved by <@" + APPROVER_1 + ">", "2026-11-20 10:00 UTC");
        assertThat(fixture.slack.directMessagesTo(BOB)).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("was approved by <@" + APPROVER_1 + ">"));
    }

    @Test
    void aDenialIsStoredPublishedShownAndToldToTheRequester() {
        AllowlistRequest request = fixture.requestedInSlack(BOB, "example.org");
        fixture.eventBridge.clearPublished();

        APIGatewayProxyResponseEvent response = fixture.click(APPROVER_2, request.id().value(), ActionIds.DENY);

        assertThat(replyText(response)).contains("You denied");
        assertThat(fixture.current(request).status()).isEqualTo(RequestStatus.DENIED);
        assertThat(fixture.eventTypes()).containsExactly("Request Denied");
        assertThat(fixture.card(request).allText()).contains("Denied by <@" + APPROVER_2 + ">");
        assertThat(fixture.card(request).buttons()).isEmpty();
        assertThat(fixture.slack.directMessagesTo(BOB)).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("was denied by <@" + APPROVER_2 + ">"));
    }

    @Test
    void theRequesterCannotApproveTheirOwnRequestEvenAsAnApprover() {
        AllowlistRequest request = fixture.requestedInSlack(ALICE, "example.org");
        fixture.eventBridge.clearPublished();

        APIGatewayProxyResponseEvent response = fixture.click(ALICE, request.id().value(), ActionIds.APPROVE);

        assertThat(replyText(response)).contains("cannot approve your own request", "Nothing was changed");
        assertThat(outcome(response)).isEqualTo("forbidden");
        assertThat(fixture.current(request).status()).isEqualTo(RequestStatus.PENDING);
        assertThat(fixture.current(request).approvals()).isEmpty();
        assertThat(fixture.events()).isEmpty();
        assertThat(fixture.ephemeralFor(ALICE)).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("cannot approve your own request"));
        assertThat(fixture.card(request).hasButton(ActionIds.APPROVE, request.id().value())).isTrue();
    }

    @Test
    void someoneWhoIsNotAnApproverIsRefused() {
        AllowlistRequest request = fixture.requestedInSlack(BOB, "example.org");
        fixture.eventBridge.clearPublished();

        APIGatewayProxyResponseEvent approve = fixture.click(OUTSIDER, request.id().value(), ActionIds.APPROVE);
        fixture.clock.advance(Duration.ofSeconds(1));
        APIGatewayProxyResponseEvent deny = fixture.click(OUTSIDER, request.id().value(), ActionIds.DENY);

        assertThat(replyText(approve)).contains("not an approver");
        assertThat(replyText(deny)).contains("not an approver");
        assertThat(List.of(outcome(approve), outcome(deny))).containsOnly("forbidden");
        assertThat(fixture.current(request).status()).isEqualTo(RequestStatus.PENDING);
        assertThat(fixture.events()).isEmpty();
        assertThat(fixture.auditActions(request)).containsExactly("REQUEST_CREATED", "ACTION_REFUSED", "ACTION_REFUSED");
    }

    @Test
    void aMemberOfTheApproverGroupMayApprove() {
        AllowlistRequest request = fixture.requestedInSlack(BOB, "example.org");

        APIGatewayProxyResponseEvent response = fixture.click(GROUP_MEMBER, request.id().value(), ActionIds.APPROVE);

        assertThat(replyText(response)).contains("You approved");
        assertThat(fixture.current(request).status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(fixture.slack.calls("usergroups.users.list")).hasSize(1);
    }

    @Test
    void groupMembershipIsCachedBetweenClicks() {
        AllowlistRequest first = fixture.requestedInSlack(BOB, "example.org");
        AllowlistRequest second = fixture.requestedInSlack(BOB, "example.net");

        fixture.click(GROUP_MEMBER, first.id().value(), ActionIds.APPROVE);
        fixture.click(GROUP_MEMBER, second.id().value(), ActionIds.APPROVE);

        assertThat(fixture.slack.calls("usergroups.users.list")).hasSize(1);
    }

    @Test
    void whenGroupMembershipCannotBeReadNothingIsDecided() {
        AllowlistRequest request = fixture.requestedInSlack(BOB, "example.org");
        fixture.eventBridge.clearPublished();
        fixture.slack.failNext("usergroups.users.list", "missing_scope");

        APIGatewayProxyResponseEvent response = fixture.click(GROUP_MEMBER, request.id().value(), ActionIds.APPROVE);

        assertThat(replyText(response)).contains("could not be checked with Slack (missing_scope)", "nothing was changed");
        assertThat(fixture.current(request).status()).isEqualTo(RequestStatus.PENDING);
        assertThat(fixture.events()).isEmpty();
    }

    @Test
    void aNamedApproverIsNotLookedUpInTheGroups() {
        AllowlistRequest request = fixture.requestedInSlack(BOB, "example.org");

        fixture.click(APPROVER_1, request.id().value(), ActionIds.APPROVE);

        assertThat(fixture.slack.calls("usergroups.users.list")).isEmpty();
    }

    @Test
    void withAQuorumOfTwoTheFirstApprovalIsCountedAndTheSecondDecides() throws Exception {
        useQuorum(2);
        AllowlistRequest request = fixture.requestedInSlack(BOB, "example.org");
        fixture.eventBridge.clearPublished();

        APIGatewayProxyResponseEvent first = fixture.click(APPROVER_1, request.id().value(), ActionIds.APPROVE);

        assertThat(replyText(first)).contains("recorded: 1 of 2", "1 more approver is needed");
        assertThat(fixture.current(request).status()).isEqualTo(RequestStatus.PENDING);
        assertThat(fixture.events()).isEmpty();
        assertThat(fixture.card(request).allText()).contains("1 of 2 approvals: <@" + APPROVER_1 + ">");
        assertThat(fixture.card(request).hasButton(ActionIds.APPROVE, request.id().value())).isTrue();

        APIGatewayProxyResponseEvent again = fixture.click(APPROVER_1, request.id().value(), ActionIds.APPROVE);
        assertThat(replyText(again)).contains("already approved");
        assertThat(outcome(again)).isEqualTo("forbidden");
        assertThat(fixture.current(request).approvals()).hasSize(1);

        APIGatewayProxyResponseEvent second = fixture.click(APPROVER_2, request.id().value(), ActionIds.APPROVE);

        assertThat(replyText(second)).contains("You approved");
        assertThat(fixture.current(request).status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(fixture.eventTypes()).containsExactly("Request Approved");
        assertThat(fixture.card(request).allText()).contains("Approved by <@" + APPROVER_1 + ">, <@" + APPROVER_2 + ">");
    }

    @Test
    void aSecondClickSaysWhatAlreadyHappenedAndChangesNothing() {
        AllowlistRequest request = fixture.requestedInSlack(BOB, "example.org");
        fixture.click(APPROVER_1, request.id().value(), ActionIds.APPROVE);
        fixture.eventBridge.clearPublished();
        AllowlistRequest approved = fixture.current(request);

        APIGatewayProxyResponseEvent late = fixture.send(fixture.slackUser.clickWithoutMessage(APPROVER_2, request.id().value(),
                ActionIds.DENY));

        assertThat(replyText(late)).contains("Nothing was changed", "already decided", "Approved by <@" + APPROVER_1 + ">");
        assertThat(fixture.current(request)).isEqualTo(approved);
        assertThat(fixture.events()).isEmpty();
    }

    @Test
    void aDuplicateDeliveryOfTheSameClickIsANoOpThatSaysWhatHappened() {
        AllowlistRequest request = fixture.requestedInSlack(BOB, "example.org");
        fixture.eventBridge.clearPublished();
        SignedSlackRequest click = fixture.slackUser.click(APPROVER_1, request.id().value(), ActionIds.APPROVE);

        fixture.send(click);
        APIGatewayProxyResponseEvent duplicate = fixture.send(click);

        assertThat(replyText(duplicate)).contains("already decided", "Approved by <@" + APPROVER_1 + ">");
        assertThat(outcome(duplicate)).isEqualTo("conflict");
        assertThat(fixture.eventTypes()).containsExactly("Request Approved");
        assertThat(fixture.auditActions(request)).containsExactlyInAnyOrder("REQUEST_CREATED", "APPROVAL_RECORDED",
                "REQUEST_APPROVED");
        assertThat(fixture.slack.directMessagesTo(BOB)).hasSize(1);
    }

    @Test
    void aClickOnARequestThatExpiredUndecidedSaysSoAndDecidesNothing() {
        AllowlistRequest request = fixture.requestedInSlack(BOB, "example.org");
        fixture.eventBridge.clearPublished();
        fixture.clock.advance(Duration.ofDays(8));

        APIGatewayProxyResponseEvent response = fixture.click(APPROVER_1, request.id().value(), ActionIds.APPROVE);

        assertThat(replyText(response)).contains("Nothing was changed", "Expired without a decision");
        assertThat(fixture.current(request).status()).isEqualTo(RequestStatus.EXPIRED);
        assertThat(fixture.current(request).approvals()).isEmpty();
        assertThat(fixture.eventTypes()).doesNotContain("Request Approved");
        assertThat(fixture.card(request).buttons()).isEmpty();
    }

    @Test
    void aClickOnAnUnknownRequestSaysSo() {
        APIGatewayProxyResponseEvent response = fixture.send(fixture.slackUser.clickWithoutMessage(APPROVER_1,
                "01ZZZZZZZZZZZZZZZZZZZZZZZZ", ActionIds.APPROVE));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(replyText(response)).contains("No request has the id `01ZZZZZZZZZZZZZZZZZZZZZZZZ`");
        assertThat(outcome(response)).isEqualTo("not-found");
        assertThat(fixture.events()).isEmpty();
    }

    @Test
    void aButtonThatNamesNoRequestOrIsNotOursChangesNothing() {
        AllowlistRequest request = fixture.requestedInSlack(BOB, "example.org");
        fixture.eventBridge.clearPublished();

        String notAnId = replyText(fixture.send(fixture.slackUser.clickWithoutMessage(APPROVER_1, "../etc", ActionIds.APPROVE)));
        String notOurs = replyText(fixture.send(fixture.slackUser.clickWithoutMessage(APPROVER_1, request.id().value(), "delete")));

        assertThat(notAnId).contains("does not name a request");
        assertThat(notOurs).contains("`delete`", "not one of");
        assertThat(fixture.current(request).status()).isEqualTo(RequestStatus.PENDING);
        assertThat(fixture.events()).isEmpty();
    }

    @Test
    void anApproverRenewsAnActiveGrantFromTheReminder() {
        AllowlistRequest request = fixture.requestedInSlack(BOB, "example.org");
        AllowlistRequest active = fixture.activated(request, Duration.ofDays(2));
        fixture.notifier.grantExpiringSoon(active);
        fixture.clock.advance(Duration.ofDays(1));
        fixture.eventBridge.clearPublished();

        APIGatewayProxyResponseEvent response = fixture.click(APPROVER_2, request.id().value(), ActionIds.RENEW);

        assertThat(replyText(response)).contains("You renewed the grant for `example.org`");
        AllowlistRequest renewed = fixture.current(request);
        assertThat(renewed.status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(renewed.expiresAt()).isEqualTo(fixture.clock.instant().plus(Duration.ofDays(30)));
        assertThat(fixture.events()).singleElement().satisfies(event -> {
            assertThat(event.detailType()).isEqualTo("Grant Renewed");
            assertThat(event.envelope().path("detail").path("expiresAt").asText())
                    .isEqualTo(renewed.expiresAt().toString());
        });
        RecordedMessage reminder = fixture.slack.messagesIn(SlackFixture.CHANNEL).stream()
                .filter(m -> m.threadTs() != null).findFirst().orElseThrow();
        assertThat(reminder.buttons()).isEmpty();
        assertThat(reminder.allText()).contains("renewed by <@" + APPROVER_2 + ">");
        assertThat(fixture.slack.directMessagesTo(BOB)).last()
                .satisfies(m -> assertThat(m.text()).contains("was renewed by <@" + APPROVER_2 + ">"));
    }

    @Test
    void aRenewalOfAGrantThatIsNoLongerActiveChangesNothing() {
        AllowlistRequest request = fixture.requestedInSlack(BOB, "example.org");
        fixture.eventBridge.clearPublished();

        APIGatewayProxyResponseEvent response = fixture.send(fixture.slackUser.clickWithoutMessage(APPROVER_1, request.id().value(),
                ActionIds.RENEW));

        assertThat(replyText(response)).contains("Nothing was changed", "no longer active");
        assertThat(fixture.events()).isEmpty();
    }

    @Test
    void aNonApproverCannotRenew() {
        AllowlistRequest request = fixture.requestedInSlack(BOB, "example.org");
        AllowlistRequest active = fixture.activated(request, Duration.ofDays(2));
        fixture.notifier.grantExpiringSoon(active);

        APIGatewayProxyResponseEvent response = fixture.click(OUTSIDER, request.id().value(), ActionIds.RENEW);

        assertThat(replyText(response)).contains("Only approvers can renew");
        assertThat(fixture.current(request).expiresAt()).isEqualTo(active.expiresAt());
    }

    // ---- revoke -------------------------------------------------------------------------------------

    /** An active grant whose card (with its Renew and Revoke buttons) is in the channel. */
    private AllowlistRequest activeWithCard(String domain) {
        AllowlistRequest active = fixture.activated(fixture.requestedInSlack(BOB, domain), Duration.ofDays(2));
        fixture.notifier.requestDecided(active);
        fixture.eventBridge.clearPublished();
        return active;
    }

    @Test
    void anApproverRevokesAnActiveGrantFromItsCard() {
        AllowlistRequest active = activeWithCard("example.org");
        assertThat(fixture.card(active).hasButton(ActionIds.REVOKE, active.id().value())).isTrue();

        APIGatewayProxyResponseEvent response = fixture.click(APPROVER_2, active.id().value(), ActionIds.REVOKE);

        assertThat(replyText(response)).contains("You revoked the grant for `example.org`");
        assertThat(outcome(response)).isEqualTo("done");
        AllowlistRequest revoked = fixture.current(active);
        assertThat(revoked.status()).isEqualTo(RequestStatus.REVOKED);
        assertThat(revoked.intent()).isEqualTo(Intent.REMOVE);
        assertThat(fixture.eventTypes()).containsExactly("Request Revoked");
        assertThat(fixture.auditActions(active)).contains("GRANT_REVOKED");
        RecordedMessage card = fixture.card(active);
        assertThat(card.buttons()).as("a revoked grant offers nothing more").isEmpty();
        assertThat(card.allText()).contains("Revoked by <@" + APPROVER_2 + ">");
        assertThat(fixture.slack.directMessagesTo(BOB)).last()
                .satisfies(m -> assertThat(m.text()).contains("was revoked by <@" + APPROVER_2 + ">"));
    }

    @Test
    void aNonApproverCannotRevokeAndNothingChanges() {
        AllowlistRequest active = activeWithCard("example.org");

        APIGatewayProxyResponseEvent response = fixture.click(OUTSIDER, active.id().value(), ActionIds.REVOKE);

        assertThat(replyText(response)).contains("Only approvers can revoke", "Nothing was changed");
        assertThat(outcome(response)).isEqualTo("forbidden");
        assertThat(fixture.current(active).status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(fixture.events()).isEmpty();
        assertThat(fixture.auditActions(active)).doesNotContain("GRANT_REVOKED");
    }

    @Test
    void aSecondRevokeClickOnAnOldCardIsAConflictAndChangesNothing() {
        AllowlistRequest active = activeWithCard("example.org");
        RecordedMessage oldCard = fixture.card(active);
        fixture.click(APPROVER_1, active.id().value(), ActionIds.REVOKE);
        fixture.eventBridge.clearPublished();

        APIGatewayProxyResponseEvent again = fixture.send(fixture.slackUser.clickWithoutMessage(APPROVER_2,
                active.id().value(), ActionIds.REVOKE));

        assertThat(oldCard.hasButton(ActionIds.REVOKE, active.id().value())).isTrue();
        assertThat(replyText(again)).contains("Nothing was changed", "only an approved or active grant can be revoked");
        assertThat(outcome(again)).isEqualTo("conflict");
        assertThat(fixture.events()).isEmpty();
        assertThat(fixture.auditActions(active).stream().filter("GRANT_REVOKED"::equals)).hasSize(1);
    }

    @Test
    void aRevokeClickReplayedAfterSlacksFiveMinuteWindowOrSignedWithAnotherSecretIsRefusedAndChangesNothing() {
        AllowlistRequest active = activeWithCard("example.org");
        SignedSlackRequest captured = fixture.slackUser.click(APPROVER_2, active.id().value(), ActionIds.REVOKE);
        String forged = io.egressallowlist.emulators.slack.SlackSigning.sign("guessed-secret", captured.timestamp(),
                captured.body());

        APIGatewayProxyResponseEvent forgedAnswer = fixture.send(captured.withSignature(forged));
        fixture.clock.advance(Duration.ofMinutes(6));
        APIGatewayProxyResponseEvent replayed = fixture.send(captured);

        assertThat(forgedAnswer.getStatusCode()).isEqualTo(401);
        assertThat(replayed.getStatusCode()).isEqualTo(401);
        assertThat(fixture.current(active).status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(fixture.events()).isEmpty();
        assertThat(fixture.auditActions(active)).doesNotContain("GRANT_REVOKED", "ACTION_REFUSED");
    }

    @Test
    void aRevokeClickOnAForgedRequestIdChangesNothing() {
        APIGatewayProxyResponseEvent response = fixture.send(fixture.slackUser.clickWithoutMessage(APPROVER_1,
                "01ZZZZZZZZZZZZZZZZZZZZZZZZ", ActionIds.REVOKE));

        assertThat(outcome(response)).isEqualTo("not-found");
        assertThat(fixture.events()).isEmpty();
    }

    @Test
    void aRenewClickOnAnOldReminderAfterExpiryIsRefusedAndTheReminderLosesItsButton() {
        AllowlistRequest active = activeWithCard("example.org");
        fixture.notifier.grantExpiringSoon(active);
        SignedSlackRequest oldRenew = fixture.slackUser.clickOn(APPROVER_2, fixture.slack.messagesIn(SlackFixture.CHANNEL)
                .stream().filter(m -> m.threadTs() != null).findFirst().orElseThrow(), ActionIds.RENEW,
                active.id().value());
        fixture.requests.change(active.id(), io.egressallowlist.shared.domain.RequestRepository.Change
                .from(RequestStatus.ACTIVE).to(RequestStatus.EXPIRED, fixture.clock.instant()).intent(Intent.REMOVE));
        fixture.notifier.requestDecided(fixture.current(active));
        assertThat(fixture.card(active).buttons()).as("the card update on expiry drops Renew and Revoke").isEmpty();

        APIGatewayProxyResponseEvent response = fixture.send(oldRenew);

        assertThat(replyText(response)).contains("Nothing was changed", "no longer active", "Grant expired");
        assertThat(outcome(response)).isEqualTo("conflict");
        assertThat(fixture.current(active).status()).isEqualTo(RequestStatus.EXPIRED);
        RecordedMessage reminder = fixture.slack.messagesIn(SlackFixture.CHANNEL).stream()
                .filter(m -> m.threadTs() != null).findFirst().orElseThrow();
        assertThat(reminder.buttons()).isEmpty();
        assertThat(reminder.allText()).contains("can no longer be renewed");
    }

    @Test
    void anApprovedRollbackIsPublishedAsRollbackApproved() {
        Requester alice = new Requester("slack:" + ALICE, ALICE, null);
        AllowlistRequest rollback = ((SubmitOutcome.Submitted) fixture.service.requestRollback(new VersionNumber(1), "version 2 broke builds",
                alice, Actor.slack(new SlackUserId(ALICE), Set.of()), null)).request();
        fixture.notifier.requestSubmitted(rollback);

        APIGatewayProxyResponseEvent response = fixture.click(APPROVER_1, rollback.id().value(), ActionIds.APPROVE_ROLLBACK);

        assertThat(replyText(response)).contains("You approved the rollback to version 1");
        AllowlistRequest approved = fixture.current(rollback);
        assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(approved.intent()).isEqualTo(Intent.ROLLBACK);
        PublishedEvent event = fixture.events().get(0);
        assertThat(event.detailType()).isEqualTo("Rollback Approved");
        assertThat(event.envelope().path("detail").path("rollbackTo").asLong()).isEqualTo(1);
        assertThat(fixture.card(rollback).allText()).contains("Rollback request: back to version 1", "Approved by");
    }

    @Test
    void theAckComesWellWithinThreeSecondsWhenSlackIsSlow() throws Exception {
        fixture.close();
        fixture = new SlackFixture(dynalite, dynamo, 1, SlackInteractionsHandler.ACK_BUDGET);
        AllowlistRequest request = fixture.requestedInSlack(BOB, "example.org");
        fixture.eventBridge.clearPublished();
        SignedSlackRequest click = fixture.slackUser.click(APPROVER_1, request.id().value(), ActionIds.APPROVE);
        fixture.slack.latency(Duration.ofSeconds(4));

        long start = System.nanoTime();
        APIGatewayProxyResponseEvent response = fixture.send(click);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(elapsed).isLessThan(Duration.ofMillis(2_200));
        assertThat(replyText(response)).contains("You approved");
        assertThat(fixture.current(request).status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(fixture.eventTypes()).containsExactly("Request Approved");
    }
}
