package io.egressallowlist.shared.requests;

import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.Policy;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.testing.memory.InMemoryAuditTrail;
import io.egressallowlist.shared.testing.memory.InMemoryRequestStore;
import io.egressallowlist.shared.testing.memory.InMemoryVersionLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The request use cases on the in-memory ports; concurrent approvals are proven on dynalite (RequestServiceConcurrencyTest). */
class RequestServiceTest {

    private static final String POLICY = """
            default-duration = P30D
            max-duration     = P90D
            quorum           = 1
            approvers        = U0APPROVE1, U0APPROVE2, U0ALICE0001
            approver-groups  = S0SECURITY
            auto-approve     = .pypi.org
            deny paste-sites = .pastebin.com ; Paste sites are an exfiltration channel
            """;
    private static final Requester ALICE = new Requester("arn:aws:sts::123456789012:assumed-role/Studio/alice",
            "U0ALICE0001", "alice");
    private static final Actor ALICE_API = Actor.api(ALICE.principal(), "10.0.1.5");
    private static final Actor APPROVER_1 = Actor.slack(new SlackUserId("U0APPROVE1"), Set.of());
    private static final Actor APPROVER_2 = Actor.slack(new SlackUserId("U0APPROVE2"), Set.of());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final Random random = new Random(1);
    private final InMemoryRequestStore requests = new InMemoryRequestStore(clock);
    private final InMemoryVersionLog versions = new InMemoryVersionLog();
    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();

    @BeforeEach
    void setUp() {
        versions.append(AllowlistVersion.create(1, null, List.of(".amazonaws.com", "github.com"),
                VersionCause.baseline(), "system", clock.instant()).markedApplied(clock.instant()));
    }

    private RequestService service(String policyText) {
        Policy policy = ((PolicyParser.Parsed) PolicyParser.parse(policyText)).policy();
        return new RequestService(requests, versions, audit, policy, Duration.ofDays(7), clock, random);
    }

    private RequestService service() {
        return service(POLICY);
    }

    private AllowlistRequest submitted(String domain) {
        return ((SubmitOutcome.Submitted) service().submit(domain, "training data", Optional.empty(), ALICE,
                ALICE_API, null)).request();
    }

    @Test
    void aValidRequestIsStoredPendingWithItsCanonicalTarget() {
        SubmitOutcome outcome = service().submit("  Huggingface.CO. ", "model weights", Optional.of(Duration.ofDays(14)),
                ALICE, ALICE_API, null);

        AllowlistRequest request = ((SubmitOutcome.Submitted) outcome).request();
        assertThat(request.target()).isEqualTo(new FirewallTarget("huggingface.co"));
        assertThat(request.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(request.grantDuration()).isEqualTo(Duration.ofDays(14));
        assertThat(request.pendingUntil()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        assertThat(requests.find(request.id())).contains(request);
        assertThat(audit.forRequest(request.id())).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo("REQUEST_CREATED");
            assertThat(event.actor()).isEqualTo(ALICE.principal());
            assertThat(event.sourceIp()).isEqualTo("10.0.1.5");
        });
    }

    @Test
    void aMalformedDomainIsRefusedAndOnlyTheAttemptIsAudited() {
        SubmitOutcome outcome = service().submit("https://evil.example.com/x", "x", Optional.empty(), ALICE, ALICE_API, null);

        assertThat(outcome).isInstanceOf(SubmitOutcome.Invalid.class);
        assertThat(((SubmitOutcome.Invalid) outcome).field()).isEqualTo("domain");
        assertThat(requests.listAll(null, 10, null).items()).isEmpty();
        assertThat(audit.between(clock.instant().minusSeconds(1), clock.instant().plusSeconds(1)))
                .singleElement().extracting(AuditEvent::action).isEqualTo("REQUEST_REJECTED");
    }

    @Test
    void aMissingJustificationIsRefused() {
        SubmitOutcome outcome = service().submit("example.com", "  ", Optional.empty(), ALICE, ALICE_API, null);

        assertThat(outcome).isEqualTo(new SubmitOutcome.Invalid("justification", "MISSING",
                "Say why you need it: a justification is required and is shown to the approvers."));
        assertThat(requests.listAll(null, 10, null).items()).isEmpty();
    }

    @Test
    void aDeniedPatternIsRefusedNamingTheRule() {
        SubmitOutcome outcome = service().submit("paste.pastebin.com", "sharing", Optional.empty(), ALICE, ALICE_API, null);

        assertThat(outcome).isInstanceOf(SubmitOutcome.PolicyRefused.class);
        assertThat(((SubmitOutcome.PolicyRefused) outcome).rule()).isEqualTo("paste-sites");
        assertThat(((SubmitOutcome.PolicyRefused) outcome).message()).contains("paste-sites", "exfiltration");
        assertThat(requests.listAll(null, 10, null).items()).isEmpty();
    }

    @Test
    void aDurationAboveTheMaximumIsRefused() {
        SubmitOutcome outcome = service().submit("example.com", "x", Optional.of(Duration.ofDays(120)), ALICE, ALICE_API, null);

        assertThat(((SubmitOutcome.PolicyRefused) outcome).rule()).isEqualTo(Policy.MAX_DURATION_RULE);
    }

    @Test
    void aCatalogueEntryIsApprovedWithoutAHumanButAudited() {
        AllowlistRequest request = ((SubmitOutcome.Submitted) service().submit("files.pypi.org", "pip", Optional.empty(),
                ALICE, ALICE_API, null)).request();

        assertThat(request.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(request.intent()).isEqualTo(Intent.ADD);
        assertThat(request.decidedBy()).isEqualTo("policy:auto-approve .pypi.org");
        assertThat(audit.forRequest(request.id())).extracting(AuditEvent::action)
                .containsExactlyInAnyOrder("REQUEST_CREATED", "REQUEST_AUTO_APPROVED");
    }

    @Test
    void aNameCoveredByTheLiveListIsAlreadyAllowed() {
        SubmitOutcome outcome = service().submit("sagemaker.eu-west-1.amazonaws.com", "data", Optional.empty(), ALICE, ALICE_API, null);

        assertThat(outcome).isInstanceOf(SubmitOutcome.AlreadyAllowed.class);
        assertThat(((SubmitOutcome.AlreadyAllowed) outcome).entry()).isEqualTo(".amazonaws.com");
        assertThat(((SubmitOutcome.AlreadyAllowed) outcome).version()).isEqualTo(new VersionNumber(1));
        assertThat(service().submit("api.github.com", "x", Optional.empty(), ALICE, ALICE_API, null))
                .as("an exact entry covers only itself").isInstanceOf(SubmitOutcome.Submitted.class);
    }

    @Test
    void aSecondRequestForAnOpenTargetReturnsTheFirst() {
        AllowlistRequest first = submitted("example.com");
        Requester bob = new Requester("arn:aws:sts::1:assumed-role/Studio/bob", "U0BOB00001", null);

        SubmitOutcome second = service().submit("EXAMPLE.com", "me too", Optional.empty(), bob,
                Actor.api(bob.principal(), null), null);

        assertThat(second).isEqualTo(new SubmitOutcome.ExistingRequest(first));
    }

    @Test
    void approvalBySameUserAsRequesterIsRefusedEvenForAnApprover() {
        AllowlistRequest request = submitted("example.com");

        DecisionOutcome outcome = service().approve(request.id(), Actor.slack(new SlackUserId("U0ALICE0001"), Set.of()));

        assertThat(outcome).isInstanceOf(DecisionOutcome.Refused.class);
        assertThat(((DecisionOutcome.Refused) outcome).reason()).isEqualTo("SELF_APPROVAL");
        assertThat(requests.find(request.id()).orElseThrow().status()).isEqualTo(RequestStatus.PENDING);
    }

    @Test
    void approvalByANonApproverIsRefused() {
        AllowlistRequest request = submitted("example.com");

        DecisionOutcome outcome = service().approve(request.id(), Actor.slack(new SlackUserId("U0RANDOM01"), Set.of()));

        assertThat(((DecisionOutcome.Refused) outcome).reason()).isEqualTo("NOT_AN_APPROVER");
        assertThat(requests.find(request.id()).orElseThrow().approvals()).isEmpty();
    }

    @Test
    void membershipOfAnApproverGroupIsEnough() {
        AllowlistRequest request = submitted("example.com");

        DecisionOutcome outcome = service().approve(request.id(),
                Actor.slack(new SlackUserId("U0GROUPIE1"), Set.of(new SlackUserGroupId("S0SECURITY"))));

        assertThat(outcome).isInstanceOf(DecisionOutcome.Decided.class);
    }

    @Test
    void anApprovalMakesTheRequestApprovedWithAnAddIntent() {
        AllowlistRequest request = submitted("example.com");
        clock.advance(Duration.ofSeconds(1));

        DecisionOutcome outcome = service().approve(request.id(), APPROVER_1);

        AllowlistRequest approved = ((DecisionOutcome.Decided) outcome).request();
        assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(approved.intent()).isEqualTo(Intent.ADD);
        assertThat(approved.decidedBy()).isEqualTo("slack:U0APPROVE1");
        assertThat(service().approve(request.id(), APPROVER_2)).as("a second click is a no-op that says what happened")
                .isInstanceOf(DecisionOutcome.AlreadyDecided.class);
        assertThat(audit.forRequest(request.id())).extracting(AuditEvent::action)
                .containsExactly("REQUEST_CREATED", "APPROVAL_RECORDED", "REQUEST_APPROVED");
    }

    @Test
    void aQuorumOfTwoNeedsTwoDistinctApprovers() {
        RequestService service = service(POLICY.replace("quorum           = 1", "quorum = 2"));
        AllowlistRequest request = ((SubmitOutcome.Submitted) service.submit("example.com", "x", Optional.empty(),
                ALICE, ALICE_API, null)).request();

        DecisionOutcome first = service.approve(request.id(), APPROVER_1);
        DecisionOutcome again = service.approve(request.id(), APPROVER_1);
        DecisionOutcome second = service.approve(request.id(), APPROVER_2);

        assertThat(first).isInstanceOf(DecisionOutcome.ApprovalRecorded.class);
        assertThat(((DecisionOutcome.ApprovalRecorded) first).approvals()).isEqualTo(1);
        assertThat(((DecisionOutcome.Refused) again).reason()).isEqualTo("DUPLICATE_APPROVAL");
        assertThat(((DecisionOutcome.Decided) second).request().status()).isEqualTo(RequestStatus.APPROVED);
    }

    @Test
    void aRequesterWithoutASlackIdentityCannotBeApproved() {
        Requester unlinked = Requester.of("arn:aws:iam::123456789012:user/svc");
        AllowlistRequest request = ((SubmitOutcome.Submitted) service().submit("example.com", "x", Optional.empty(),
                unlinked, Actor.api(unlinked.principal(), null), null)).request();

        DecisionOutcome outcome = service().approve(request.id(), APPROVER_1);

        assertThat(((DecisionOutcome.Refused) outcome).reason()).isEqualTo("REQUESTER_NOT_LINKED");
    }

    @Test
    void onlyApproversDenyAndADenialFreesTheTarget() {
        AllowlistRequest request = submitted("example.com");

        assertThat(((DecisionOutcome.Refused) service().deny(request.id(),
                Actor.slack(new SlackUserId("U0RANDOM01"), Set.of()), null)).reason()).isEqualTo("NOT_AN_APPROVER");
        DecisionOutcome denied = service().deny(request.id(), APPROVER_1, "use the internal mirror");

        assertThat(((DecisionOutcome.Decided) denied).request().status()).isEqualTo(RequestStatus.DENIED);
        assertThat(((DecisionOutcome.Decided) denied).request().decisionNote()).isEqualTo("use the internal mirror");
        assertThat(submitted("example.com").status()).isEqualTo(RequestStatus.PENDING);
    }

    @Test
    void onlyTheRequesterWithdraws() {
        AllowlistRequest request = submitted("example.com");

        DecisionOutcome byOther = service().withdraw(request.id(), Actor.api("arn:aws:iam::1:user/mallory", null));
        DecisionOutcome byRequester = service().withdraw(request.id(), ALICE_API);

        assertThat(((DecisionOutcome.Refused) byOther).reason()).isEqualTo("NOT_THE_REQUESTER");
        assertThat(((DecisionOutcome.Decided) byRequester).request().status()).isEqualTo(RequestStatus.WITHDRAWN);
    }

    @Test
    void pendingRequestsExpireAfterTheConfiguredTime() {
        AllowlistRequest request = submitted("example.com");
        clock.advance(Duration.ofDays(7).plusSeconds(1));

        assertThat(service().expirePending()).extracting(AllowlistRequest::id).containsExactly(request.id());
        assertThat(service().approve(request.id(), APPROVER_1)).isInstanceOf(DecisionOutcome.AlreadyDecided.class);
        assertThat(requests.find(request.id()).orElseThrow().status()).isEqualTo(RequestStatus.EXPIRED);
    }

    @Test
    void anApprovalAfterThePendingDeadlineExpiresTheRequestInstead() {
        AllowlistRequest request = submitted("example.com");
        clock.advance(Duration.ofDays(8));

        DecisionOutcome outcome = service().approve(request.id(), APPROVER_1);

        assertThat(((DecisionOutcome.AlreadyDecided) outcome).request().status()).isEqualTo(RequestStatus.EXPIRED);
    }

    @Test
    void expiredGrantsAskTheReconcilerToRemoveTheirTarget() {
        AllowlistRequest request = submitted("example.com");
        service().approve(request.id(), APPROVER_1);
        requests.change(request.id(), io.egressallowlist.shared.domain.RequestRepository.Change
                .from(RequestStatus.APPROVED).to(RequestStatus.ACTIVE, clock.instant()).version(new VersionNumber(2)).clearIntent()
                .expiresAt(clock.instant().plus(Duration.ofDays(30))));

        assertThat(service().expiringWithin(Duration.ofDays(31))).hasSize(1);
        clock.advance(Duration.ofDays(30));
        List<AllowlistRequest> expired = service().expireGrants();

        assertThat(expired).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RequestStatus.EXPIRED);
            assertThat(r.intent()).isEqualTo(Intent.REMOVE);
        });
    }

    @Test
    void aRollbackNeedsAnExistingEarlierVersionAndApproval() {
        versions.append(AllowlistVersion.create(2, 1L, List.of(".amazonaws.com", "github.com", "x.example.com"),
                new VersionCause(VersionCause.Type.REQUESTS, List.of(), null, null), "U", clock.instant())
                .markedApplied(clock.instant()));

        assertThat(service().requestRollback(new VersionNumber(9), "x", ALICE, ALICE_API, null)).isInstanceOf(SubmitOutcome.Invalid.class);
        assertThat(((SubmitOutcome.Invalid) service().requestRollback(new VersionNumber(2), "x", ALICE, ALICE_API, null)).reason())
                .isEqualTo("ALREADY_CURRENT");
        AllowlistRequest rollback = ((SubmitOutcome.Submitted) service().requestRollback(new VersionNumber(1), "bad entry", ALICE,
                ALICE_API, null)).request();
        assertThat(rollback.kind()).isEqualTo(RequestKind.ROLLBACK);
        assertThat(rollback.status()).isEqualTo(RequestStatus.PENDING);

        AllowlistRequest approved = ((DecisionOutcome.Decided) service().approve(rollback.id(), APPROVER_1)).request();
        assertThat(approved.intent()).isEqualTo(Intent.ROLLBACK);
        assertThat(approved.rollbackTo()).isEqualTo(new VersionNumber(1));
    }
}
