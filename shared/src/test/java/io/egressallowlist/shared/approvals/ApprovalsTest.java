package io.egressallowlist.shared.approvals;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.ApproverGroups;
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

/** Deciding from chat: who may decide, the quorum, renewals, rollbacks, and the events each decision publishes. */
@ExtendWith(DynaliteExtension.class)
class ApprovalsTest {

    private static final String POLICY = """
            default-duration = P30D
            max-duration     = P90D
            quorum           = %d
            approvers        = U0APPROVE01, U0APPROVE02, U0ALICE0001
            approver-groups  = S0SECURITY1
            auto-approve     = .pypi.org
            deny paste-sites = .pastebin.com ; Paste sites are an exfiltration channel
            """;
    private static final SlackUserId ALICE = new SlackUserId("U0ALICE0001");
    private static final SlackUserId BOB = new SlackUserId("U0BOB000001");
    private static final SlackUserId APPROVER_1 = new SlackUserId("U0APPROVE01");
    private static final SlackUserId APPROVER_2 = new SlackUserId("U0APPROVE02");
    private static final SlackUserId GROUP_MEMBER = new SlackUserId("U0GROUPIE01");
    private static final SlackUserId OUTSIDER = new SlackUserId("U0OUTSIDE01");
    private static final SlackUserGroupId SECURITY = new SlackUserGroupId("S0SECURITY1");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final Random ids = new Random(7);
    private final List<EventPublisher.Event> published = new ArrayList<>();
    private final List<SlackUserId> groupLookups = new ArrayList<>();
    private DynamoRequestStore requests;
    private DynamoVersionLog versions;
    private DynamoAuditTrail audit;
    private ApproverGroups groups;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) {
        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("approvals"));
        TableSchemas.createAll(dynamo, tables);
        requests = new DynamoRequestStore(dynamo, tables.requests(), clock);
        versions = new DynamoVersionLog(dynamo, tables.versions(), "studio-egress");
        audit = new DynamoAuditTrail(dynamo, tables.audit());
        versions.append(AllowlistVersion.create(1, null, List.of(".amazonaws.com", "github.com"),
                VersionCause.baseline(), "system", clock.instant()).markedApplied(clock.instant()));
        groups = (user, candidates) -> {
            groupLookups.add(user);
            return user.equals(GROUP_MEMBER) && candidates.contains(SECURITY) ? Set.of(SECURITY) : Set.of();
        };
    }

    private RequestService service(int quorum) {
        return new RequestService(requests, versions, audit,
                ((PolicyParser.Parsed) PolicyParser.parse(POLICY.formatted(quorum))).policy(),
                Duration.ofDays(7), clock, ids);
    }

    private Approvals approvals(int quorum) {
        return new Approvals(service(quorum), requests, versions, published::addAll, groups,
                JsonLog.of(Approvals.class, new PrintStream(OutputStream.nullOutputStream()), clock));
    }

    private Approvals approvals() {
        return approvals(1);
    }

    private AllowlistRequest submittedBy(SlackUserId user, String domain) {
        SubmitOutcome outcome = approvals().submit(new Submission(user, domain, "model weights", ""));
        published.clear();
        return ((SubmitOutcome.Submitted) outcome).request();
    }

    private AllowlistRequest active(AllowlistRequest request, Duration grant) {
        approvals().decide(new Decision(APPROVER_1, Decision.Kind.APPROVE, request.id()));
        requests.change(request.id(), Change.from(RequestStatus.APPROVED).to(RequestStatus.ACTIVE, clock.instant())
                .clearIntent().version(new VersionNumber(2)).expiresAt(clock.instant().plus(grant)));
        published.clear();
        return requests.find(request.id()).orElseThrow();
    }

    private List<String> publishedTypes() {
        return published.stream().map(EventPublisher.Event::detailType).toList();
    }

    private static String kind(DecisionResult result) {
        return result.match(new DecisionResult.Cases<>(decided -> "decided", renewed -> "renewed",
                recorded -> "recorded",
                already -> "already decided", refused -> "refused: " + refused.message(),
                notFound -> "not found", unknown -> "membership unknown: " + unknown.reason()));
    }

    // ---- who may decide -------------------------------------------------------------------------------

    @Test
    void approvalBySameUserAsRequesterIsRefused() {
        AllowlistRequest request = submittedBy(ALICE, "example.org");

        DecisionResult result = approvals().decide(new Decision(ALICE, Decision.Kind.APPROVE, request.id()));

        assertThat(kind(result)).startsWith("refused: ").containsIgnoringCase("own request");
        assertThat(requests.find(request.id()).orElseThrow().status()).isEqualTo(RequestStatus.PENDING);
        assertThat(published).isEmpty();
    }

    @Test
    void someoneWhoIsNoApproverIsRefused() {
        AllowlistRequest request = submittedBy(BOB, "example.org");

        DecisionResult result = approvals().decide(new Decision(OUTSIDER, Decision.Kind.APPROVE, request.id()));

        assertThat(kind(result)).startsWith("refused: ");
        assertThat(requests.find(request.id()).orElseThrow().status()).isEqualTo(RequestStatus.PENDING);
        assertThat(published).isEmpty();
    }

    @Test
    void aMemberOfAnApproverGroupMayApprove() {
        AllowlistRequest request = submittedBy(BOB, "example.org");

        DecisionResult result = approvals().decide(new Decision(GROUP_MEMBER, Decision.Kind.APPROVE, request.id()));

        assertThat(kind(result)).isEqualTo("decided");
        assertThat(publishedTypes()).containsExactly("Request Approved");
        assertThat(published.get(0).detail()).containsEntry("actor", "slack:" + GROUP_MEMBER.value());
    }

    @Test
    void aNamedApproverIsNotLookedUpInTheGroups() {
        AllowlistRequest request = submittedBy(BOB, "example.org");

        approvals().decide(new Decision(APPROVER_1, Decision.Kind.APPROVE, request.id()));

        assertThat(groupLookups).isEmpty();
    }

    @Test
    void unreadableGroupsChangeNothing() {
        AllowlistRequest request = submittedBy(BOB, "example.org");
        groups = (user, candidates) -> {
            throw new ApproverGroups.Unavailable("ratelimited", null);
        };

        DecisionResult result = approvals().decide(new Decision(GROUP_MEMBER, Decision.Kind.APPROVE, request.id()));

        assertThat(kind(result)).isEqualTo("membership unknown: ratelimited");
        assertThat(requests.find(request.id()).orElseThrow().status()).isEqualTo(RequestStatus.PENDING);
        assertThat(published).isEmpty();
    }

    // ---- approve, deny, quorum ----------------------------------------------------------------------

    @Test
    void anApprovalDecidesAndIsPublished() {
        AllowlistRequest request = submittedBy(BOB, "example.org");

        DecisionResult result = approvals().decide(new Decision(APPROVER_1, Decision.Kind.APPROVE, request.id()));

        AllowlistRequest approved = ((DecisionResult.Decided) result).request();
        assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(publishedTypes()).containsExactly("Request Approved");
        assertThat(published.get(0).detail()).containsEntry("requestId", request.id().value())
                .containsEntry("actor", "slack:" + APPROVER_1.value()).containsEntry("status", "APPROVED");
    }

    @Test
    void withAQuorumOfTwoTheFirstApprovalIsRecordedAndTheSecondDecides() {
        AllowlistRequest request = submittedBy(BOB, "example.org");

        DecisionResult first = approvals(2).decide(new Decision(APPROVER_1, Decision.Kind.APPROVE, request.id()));

        DecisionResult.ApprovalRecorded recorded = (DecisionResult.ApprovalRecorded) first;
        assertThat(recorded.approvals()).isEqualTo(1);
        assertThat(recorded.quorum()).isEqualTo(2);
        assertThat(published).isEmpty();

        DecisionResult second = approvals(2).decide(new Decision(APPROVER_2, Decision.Kind.APPROVE, request.id()));

        assertThat(((DecisionResult.Decided) second).request().status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(publishedTypes()).containsExactly("Request Approved");
    }

    @Test
    void aDuplicateClickIsNotCountedTwice() {
        AllowlistRequest request = submittedBy(BOB, "example.org");
        approvals(2).decide(new Decision(APPROVER_1, Decision.Kind.APPROVE, request.id()));

        DecisionResult again = approvals(2).decide(new Decision(APPROVER_1, Decision.Kind.APPROVE, request.id()));

        assertThat(kind(again)).startsWith("refused: ").contains("already approved");
        assertThat(requests.find(request.id()).orElseThrow().approvals()).hasSize(1);
        assertThat(published).isEmpty();
    }

    @Test
    void aDecisionOnADecidedRequestChangesNothing() {
        AllowlistRequest request = submittedBy(BOB, "example.org");
        approvals().decide(new Decision(APPROVER_1, Decision.Kind.APPROVE, request.id()));
        published.clear();

        DecisionResult late = approvals().decide(new Decision(APPROVER_2, Decision.Kind.DENY, request.id()));

        assertThat(((DecisionResult.AlreadyDecided) late).request().status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(published).isEmpty();
    }

    @Test
    void aDenialIsPublishedAsRequestDenied() {
        AllowlistRequest request = submittedBy(BOB, "example.org");

        DecisionResult result = approvals().decide(new Decision(APPROVER_2, Decision.Kind.DENY, request.id()));

        assertThat(((DecisionResult.Decided) result).request().status()).isEqualTo(RequestStatus.DENIED);
        assertThat(publishedTypes()).containsExactly("Request Denied");
    }

    @Test
    void anUnknownRequestIsNotFound() {
        RequestId unknown = new RequestId("01ZZZZZZZZZZZZZZZZZZZZZZZZ");

        DecisionResult result = approvals().decide(new Decision(APPROVER_1, Decision.Kind.APPROVE, unknown));

        assertThat(((DecisionResult.NotFound) result).requestId()).isEqualTo(unknown);
        assertThat(published).isEmpty();
    }

    // ---- renewals and rollbacks ---------------------------------------------------------------------

    @Test
    void anApproverRenewsAnActiveGrant() {
        AllowlistRequest granted = active(submittedBy(BOB, "example.org"), Duration.ofDays(2));
        clock.advance(Duration.ofDays(1));

        DecisionResult result = approvals().decide(new Decision(APPROVER_2, Decision.Kind.RENEW, granted.id()));

        DecisionResult.Renewed renewed = (DecisionResult.Renewed) result;
        assertThat(renewed.renewedBy()).isEqualTo("slack:" + APPROVER_2.value());
        assertThat(renewed.request().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(30)));
        assertThat(publishedTypes()).containsExactly("Grant Renewed");
        assertThat(published.get(0).detail()).containsEntry("expiresAt", renewed.request().expiresAt().toString());
    }

    @Test
    void aGrantThatIsNotActiveIsNotRenewed() {
        AllowlistRequest request = submittedBy(BOB, "example.org");

        DecisionResult result = approvals().decide(new Decision(APPROVER_1, Decision.Kind.RENEW, request.id()));

        assertThat(kind(result)).isEqualTo("already decided");
        assertThat(published).isEmpty();
    }

    @Test
    void anApprovedRollbackIsPublishedAsRollbackApproved() {
        versions.append(AllowlistVersion.create(2, 1L, List.of(".amazonaws.com", "github.com", "example.org"),
                VersionCause.baseline(), "system", clock.instant()).markedApplied(clock.instant()));
        AllowlistRequest rollback = ((SubmitOutcome.Submitted) service(1).requestRollback(new VersionNumber(1),
                "version 2 broke builds", new Requester("slack:" + BOB.value(), BOB.value(), null),
                Actor.slack(BOB, Set.of()), null)).request();

        DecisionResult result = approvals().decide(new Decision(APPROVER_1, Decision.Kind.APPROVE_ROLLBACK,
                rollback.id()));

        AllowlistRequest approved = ((DecisionResult.Decided) result).request();
        assertThat(approved.intent()).isEqualTo(Intent.ROLLBACK);
        assertThat(publishedTypes()).containsExactly("Rollback Approved");
        assertThat(published.get(0).detail()).containsEntry("rollbackTo", 1L);
    }

    // ---- /egress ------------------------------------------------------------------------------------

    @Test
    void aSubmissionIsPublishedAndTheSameTriggerIsReceivedOnce() {
        Submission submission = new Submission(BOB, "example.org", "model weights", "13345224609.738474920.8088930838d88f008e0");

        SubmitOutcome first = approvals().submit(submission);
        SubmitOutcome again = approvals().submit(submission);

        AllowlistRequest request = ((SubmitOutcome.Submitted) first).request();
        assertThat(request.requester()).isEqualTo(new Requester("slack:" + BOB.value(), BOB.value(), null));
        assertThat(((SubmitOutcome.Replayed) again).request().id()).isEqualTo(request.id());
        assertThat(publishedTypes()).containsExactly("Request Submitted");
    }

    @Test
    void aPreApprovedSubmissionIsPublishedAsApproved() {
        SubmitOutcome outcome = approvals().submit(new Submission(BOB, "files.pypi.org", "packages", ""));

        assertThat(((SubmitOutcome.Submitted) outcome).autoApproved()).isTrue();
        assertThat(publishedTypes()).containsExactly("Request Approved");
    }

    @Test
    void aRefusedSubmissionPublishesNothing() {
        SubmitOutcome outcome = approvals().submit(new Submission(BOB, "pastebin.com", "notes", ""));

        assertThat(outcome).isInstanceOf(SubmitOutcome.PolicyRefused.class);
        assertThat(published).isEmpty();
    }

    @Test
    void theQueriesReadTheUsersRequestsThePendingQueueAndTheLiveVersion() {
        AllowlistRequest mine = submittedBy(BOB, "example.org");
        submittedBy(ALICE, "example.net");

        assertThat(approvals().recentRequests(BOB)).extracting(AllowlistRequest::id).containsExactly(mine.id());
        assertThat(approvals().request(mine.id())).contains(mine);
        assertThat(approvals().pending().requests()).hasSize(2);
        assertThat(approvals().pending().more()).isFalse();
        assertThat(approvals().check(DomainName.parseHost("api.github.com").orElseThrow()))
                .isEqualTo(new CheckResult.NotAllowed(new VersionNumber(1)));
        assertThat(approvals().check(DomainName.parseHost("github.com").orElseThrow()))
                .isEqualTo(new CheckResult.Allowed("github.com", new VersionNumber(1)));
    }
}
