package io.egressallowlist.shared.approvals;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.requests.Actor;
import io.egressallowlist.shared.requests.RequestService;
import io.egressallowlist.shared.requests.SubmitOutcome;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import io.egressallowlist.shared.store.DynamoRequestStore;
import io.egressallowlist.shared.store.DynamoVersionLog;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Revoking grants (from Slack and from the API) and renewing them by the quorum, on dynalite. */
@ExtendWith(DynaliteExtension.class)
class RevocationAndRenewalTest {

    private static final String POLICY = """
            default-duration = P30D
            max-duration     = P90D
            quorum           = %d
            approvers        = U0APPROVE01, U0APPROVE02, U0APPROVE03, U0ALICE0001
            approver-groups  = S0SECURITY1
            """;
    private static final SlackUserId ALICE = new SlackUserId("U0ALICE0001");
    private static final SlackUserId BOB = new SlackUserId("U0BOB000001");
    private static final SlackUserId APPROVER_1 = new SlackUserId("U0APPROVE01");
    private static final SlackUserId APPROVER_2 = new SlackUserId("U0APPROVE02");
    private static final SlackUserId APPROVER_3 = new SlackUserId("U0APPROVE03");
    private static final SlackUserId GROUP_MEMBER = new SlackUserId("U0GROUPIE01");
    private static final SlackUserId OUTSIDER = new SlackUserId("U0OUTSIDE01");
    private static final SlackUserGroupId SECURITY = new SlackUserGroupId("S0SECURITY1");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final Random ids = new Random(3);
    private final List<EventPublisher.Event> published = new ArrayList<>();
    private DynamoRequestStore requests;
    private DynamoVersionLog versions;
    private DynamoAuditTrail audit;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) {
        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("revoke"));
        TableSchemas.createAll(dynamo, tables);
        requests = new DynamoRequestStore(dynamo, tables.requests(), clock);
        versions = new DynamoVersionLog(dynamo, tables.versions(), "studio-egress");
        audit = new DynamoAuditTrail(dynamo, tables.audit());
        versions.append(AllowlistVersion.create(1, null, List.of("github.com"), VersionCause.baseline(), "system",
                clock.instant()).markedApplied(clock.instant()));
    }

    private Approvals approvals(int quorum) {
        RequestService service = new RequestService(requests, versions, audit,
                ((PolicyParser.Parsed) PolicyParser.parse(POLICY.formatted(quorum))).policy(), Duration.ofDays(7),
                clock, ids);
        return new Approvals(service, requests, versions, published::addAll,
                (user, candidates) -> user.equals(GROUP_MEMBER) ? Set.of(SECURITY) : Set.of(),
                JsonLog.of(Approvals.class, new PrintStream(OutputStream.nullOutputStream()), clock));
    }

    private AllowlistRequest approvedFor(SlackUserId requester, String domain) {
        SubmitOutcome outcome = approvals(1).submit(new Submission(requester, domain, "model weights", ""));
        AllowlistRequest request = ((SubmitOutcome.Submitted) outcome).request();
        SlackUserId approver = requester.equals(APPROVER_1) ? APPROVER_2 : APPROVER_1;
        approvals(1).decide(new Decision(approver, Decision.Kind.APPROVE, request.id()));
        published.clear();
        return requests.find(request.id()).orElseThrow();
    }

    private AllowlistRequest activeFor(SlackUserId requester, String domain) {
        AllowlistRequest approved = approvedFor(requester, domain);
        requests.change(approved.id(), Change.from(RequestStatus.APPROVED).to(RequestStatus.ACTIVE, clock.instant())
                .clearIntent().version(new VersionNumber(2)).expiresAt(clock.instant().plus(Duration.ofDays(3))));
        return requests.find(approved.id()).orElseThrow();
    }

    private List<String> actions(AllowlistRequest request) {
        return audit.forRequest(request.id()).stream().map(AuditEvent::action).toList();
    }

    private static String kind(DecisionResult result) {
        return result.match(new DecisionResult.Cases<>(decided -> "decided", renewed -> "renewed",
                recorded -> "recorded " + recorded.approvals() + " of " + recorded.quorum(),
                already -> "already decided", refused -> "refused: " + refused.message(),
                notFound -> "not found", unknown -> "membership unknown"));
    }

    // ---- revoking ------------------------------------------------------------------------------------

    @Test
    void anApproverRevokesAnActiveGrantWhichAsksForItsRemoval() {
        AllowlistRequest grant = activeFor(BOB, "example.org");

        DecisionResult result = approvals(1).decide(new Decision(APPROVER_2, Decision.Kind.REVOKE, grant.id()));

        AllowlistRequest revoked = ((DecisionResult.Decided) result).request();
        assertThat(revoked.status()).isEqualTo(RequestStatus.REVOKED);
        assertThat(revoked.intent()).isEqualTo(Intent.REMOVE);
        assertThat(revoked.decidedBy()).isEqualTo("slack:" + APPROVER_2.value());
        assertThat(revoked.decisionNote()).isEqualTo(Approvals.REVOKED_IN_SLACK);
        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.detailType()).isEqualTo("Request Revoked");
            assertThat(event.detail()).containsEntry("requestId", grant.id().value())
                    .containsEntry("status", "REVOKED").containsEntry("actor", "slack:" + APPROVER_2.value());
        });
        AuditEvent recorded = audit.forRequest(grant.id()).stream()
                .filter(event -> event.action().equals("GRANT_REVOKED")).findFirst().orElseThrow();
        assertThat(recorded.details()).containsEntry("previousStatus", "ACTIVE")
                .containsEntry("reason", Approvals.REVOKED_IN_SLACK);
        assertThat(recorded.actor()).isEqualTo("slack:" + APPROVER_2.value());
    }

    @Test
    void anApprovedRequestNotYetAppliedIsCancelledThroughTheApiWithItsReason() {
        AllowlistRequest approved = approvedFor(BOB, "example.org");
        Actor caller = new Actor("arn:aws:iam::123456789012:user/priya", APPROVER_1, Set.of(),
                io.egressallowlist.shared.domain.Channel.API, "10.0.0.9");

        DecisionResult result = approvals(1).revoke(approved.id(), caller, "no longer needed");

        AllowlistRequest revoked = ((DecisionResult.Decided) result).request();
        assertThat(revoked.status()).isEqualTo(RequestStatus.REVOKED);
        assertThat(revoked.decisionNote()).isEqualTo("no longer needed");
        AuditEvent recorded = audit.forRequest(approved.id()).stream()
                .filter(event -> event.action().equals("GRANT_REVOKED")).findFirst().orElseThrow();
        assertThat(recorded.details()).containsEntry("previousStatus", "APPROVED")
                .containsEntry("reason", "no longer needed");
        assertThat(recorded.via().name()).isEqualTo("API");
        assertThat(recorded.sourceIp()).isEqualTo("10.0.0.9");
        assertThat(published).extracting(EventPublisher.Event::detailType).containsExactly("Request Revoked");
    }

    @Test
    void anApiCallerWhoIsAnApproverThroughAGroupMayRevoke() {
        AllowlistRequest grant = activeFor(BOB, "example.org");
        Actor caller = new Actor("arn:aws:iam::123456789012:user/gail", GROUP_MEMBER, Set.of(),
                io.egressallowlist.shared.domain.Channel.API, null);

        assertThat(kind(approvals(1).revoke(grant.id(), caller, "incident 42"))).isEqualTo("decided");
    }

    @Test
    void aNonApproverCannotRevokeAndNothingChanges() {
        AllowlistRequest grant = activeFor(BOB, "example.org");

        DecisionResult fromSlack = approvals(1).decide(new Decision(OUTSIDER, Decision.Kind.REVOKE, grant.id()));
        DecisionResult fromApi = approvals(1).revoke(grant.id(), Actor.api("arn:aws:iam::123456789012:user/bob", null),
                "mine");

        assertThat(kind(fromSlack)).startsWith("refused: Only approvers can revoke");
        assertThat(kind(fromApi)).startsWith("refused: Only approvers can revoke");
        AllowlistRequest after = requests.find(grant.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(after.intent()).isNull();
        assertThat(published).isEmpty();
        assertThat(actions(grant)).doesNotContain("GRANT_REVOKED").contains("ACTION_REFUSED");
    }

    @Test
    void anApproverMayRevokeTheirOwnGrantBecauseThatRemovesAccess() {
        AllowlistRequest own = activeFor(ALICE, "alice.example.org");

        DecisionResult result = approvals(1).decide(new Decision(ALICE, Decision.Kind.REVOKE, own.id()));

        assertThat(kind(result)).isEqualTo("decided");
        assertThat(requests.find(own.id()).orElseThrow().status()).isEqualTo(RequestStatus.REVOKED);
    }

    @Test
    void aPendingADeniedOrARevokedRequestCannotBeRevoked() {
        AllowlistRequest pending = ((SubmitOutcome.Submitted) approvals(1).submit(new Submission(BOB, "pending.example.org",
                "why", ""))).request();
        AllowlistRequest grant = activeFor(BOB, "example.org");
        approvals(1).decide(new Decision(APPROVER_1, Decision.Kind.REVOKE, grant.id()));
        published.clear();

        assertThat(kind(approvals(1).decide(new Decision(APPROVER_1, Decision.Kind.REVOKE, pending.id()))))
                .isEqualTo("already decided");
        assertThat(kind(approvals(1).decide(new Decision(APPROVER_2, Decision.Kind.REVOKE, grant.id()))))
                .isEqualTo("already decided");
        assertThat(requests.find(pending.id()).orElseThrow().status()).isEqualTo(RequestStatus.PENDING);
        assertThat(published).isEmpty();
        assertThat(actions(grant).stream().filter("GRANT_REVOKED"::equals)).hasSize(1);
    }

    // ---- renewing ------------------------------------------------------------------------------------

    @Test
    void aRenewalWaitsForTheQuorumOfDistinctApproversOtherThanTheRequester() {
        AllowlistRequest grant = activeFor(ALICE, "example.org");
        Instant before = grant.expiresAt();
        clock.advance(Duration.ofDays(1));

        DecisionResult first = approvals(2).decide(new Decision(APPROVER_1, Decision.Kind.RENEW, grant.id()));
        DecisionResult again = approvals(2).decide(new Decision(APPROVER_1, Decision.Kind.RENEW, grant.id()));
        DecisionResult own = approvals(2).decide(new Decision(ALICE, Decision.Kind.RENEW, grant.id()));

        assertThat(kind(first)).isEqualTo("recorded 1 of 2");
        assertThat(kind(again)).isEqualTo("refused: You have already voted to renew this grant; it needs 2 distinct"
                + " approvers.");
        assertThat(kind(own)).isEqualTo("refused: You cannot renew your own grant; another approver has to.");
        assertThat(requests.find(grant.id()).orElseThrow().expiresAt()).isEqualTo(before);
        assertThat(published).isEmpty();

        DecisionResult second = approvals(2).decide(new Decision(APPROVER_2, Decision.Kind.RENEW, grant.id()));

        assertThat(kind(second)).isEqualTo("renewed");
        assertThat(requests.find(grant.id()).orElseThrow().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(30)));
        assertThat(published).extracting(EventPublisher.Event::detailType).containsExactly("Grant Renewed");
    }

    @Test
    void theNextRenewalStartsAgainFromNoVotes() {
        AllowlistRequest grant = activeFor(BOB, "example.org");
        approvals(2).decide(new Decision(APPROVER_1, Decision.Kind.RENEW, grant.id()));
        approvals(2).decide(new Decision(APPROVER_2, Decision.Kind.RENEW, grant.id()));
        clock.advance(Duration.ofDays(20));

        DecisionResult vote = approvals(2).decide(new Decision(APPROVER_1, Decision.Kind.RENEW, grant.id()));

        assertThat(kind(vote)).isEqualTo("recorded 1 of 2");
        assertThat(kind(approvals(2).decide(new Decision(APPROVER_3, Decision.Kind.RENEW, grant.id()))))
                .isEqualTo("renewed");
    }

    @Test
    void withAQuorumOfOneOneApproverRenewsAtOnceButNeverTheirOwnGrant() {
        AllowlistRequest own = activeFor(ALICE, "example.org");

        assertThat(kind(approvals(1).decide(new Decision(ALICE, Decision.Kind.RENEW, own.id()))))
                .startsWith("refused: You cannot renew your own grant");
        assertThat(kind(approvals(1).decide(new Decision(APPROVER_2, Decision.Kind.RENEW, own.id()))))
                .isEqualTo("renewed");
    }

    @Test
    void anExpiredGrantIsNotRenewed() {
        AllowlistRequest grant = activeFor(BOB, "example.org");
        requests.change(grant.id(), Change.from(RequestStatus.ACTIVE).to(RequestStatus.EXPIRED, clock.instant())
                .intent(Intent.REMOVE));

        assertThat(kind(approvals(2).decide(new Decision(APPROVER_1, Decision.Kind.RENEW, grant.id()))))
                .isEqualTo("already decided");
        assertThat(actions(grant)).doesNotContain(AuditEvent.RENEWAL_VOTE, "GRANT_RENEWED");
    }
}
