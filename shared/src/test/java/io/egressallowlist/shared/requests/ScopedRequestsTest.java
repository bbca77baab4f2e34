package io.egressallowlist.shared.requests;

import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.CapacityWarning;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.Policy;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.Scopes;
import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.testing.memory.InMemoryAuditTrail;
import io.egressallowlist.shared.testing.memory.InMemoryRequestStore;
import io.egressallowlist.shared.testing.memory.InMemoryVersionLog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests in a deployment of several scopes (global, risk, research; no default): each request is made in one scope,
 * that scope's policy, capacity and versions apply, and only its approvers decide it.
 */
class ScopedRequestsTest {

    private static final ScopeName RISK = ScopeName.of("risk");
    private static final ScopeName RESEARCH = ScopeName.of("research");
    private static final Requester RITA = new Requester("arn:aws:sts::123456789012:assumed-role/Risk/rita",
            "U0RITA0001", "rita");
    private static final Actor RITA_API = new Actor(RITA.principal(), new SlackUserId("U0RITA0001"), Set.of(),
            io.egressallowlist.shared.domain.Channel.API, "10.1.0.5");
    private static final Actor RISK_APPROVER = Actor.slack(new SlackUserId("U0RISKAPP1"), Set.of());
    private static final Actor RESEARCH_APPROVER = Actor.slack(new SlackUserId("U0RESAPP01"), Set.of());
    private static final Actor GLOBAL_APPROVER = Actor.slack(new SlackUserId("U0GLOBAL01"), Set.of());
    private static final Actor PLATFORM_GROUP_MEMBER = Actor.slack(new SlackUserId("U0PLATFORM"),
            Set.of(new SlackUserGroupId("S0PLATFORM")));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final InMemoryRequestStore requests = new InMemoryRequestStore(clock);
    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private final Map<ScopeName, InMemoryVersionLog> logs = Map.of(ScopeName.GLOBAL, new InMemoryVersionLog(),
            RISK, new InMemoryVersionLog(), RESEARCH, new InMemoryVersionLog());
    private final Scopes scopes = Scopes.of(List.of(
            scope(ScopeName.GLOBAL, 0, Set.of(), ScopeMode.ENFORCE, """
                    quorum          = 1
                    approvers       = U0GLOBAL01
                    approver-groups = S0PLATFORM
                    """),
            scope(RISK, 6, Set.of("d-risk00001"), ScopeMode.ENFORCE, """
                    quorum       = 1
                    approvers    = U0RISKAPP1, U0RISKAPP2
                    auto-approve = .pypi.org
                    deny uploads = .dropbox.com ; Customer data never leaves through file sharing
                    """),
            scope(RESEARCH, 0, Set.of("d-research1"), ScopeMode.LEARN, """
                    quorum    = 2
                    approvers = U0RESAPP01, U0RESAPP02, U0GLOBAL01
                    """)));
    private final RequestService service = new RequestService(requests, ScopeViews.of(scopes, logs::get), audit,
            Duration.ofDays(7), clock, new Random(1));

    private static Scope scope(ScopeName name, int capacity, Set<String> domains, ScopeMode mode, String policy) {
        Policy parsed = ((PolicyParser.Parsed) PolicyParser.parse("default-duration = P30D\nmax-duration = P90D\n"
                + policy)).policy();
        return new Scope(name, "arn:aws:network-firewall:eu-west-1:111122223333:stateful-rulegroup/egress-" + name,
                capacity, domains, mode, parsed);
    }

    private SubmitOutcome submit(String domain, ScopeChoice scope) {
        return service.submit(domain, scope, "needed for the quarterly model", Optional.empty(), RITA, RITA_API, null);
    }

    private AllowlistRequest submitted(String domain, ScopeName scope) {
        return ((SubmitOutcome.Submitted) submit(domain, ScopeChoice.named(scope))).request();
    }

    private void applied(ScopeName scope, long number, List<String> targets, ScopeMode mode) {
        logs.get(scope).append(AllowlistVersion.create(number, number == 1 ? null : number - 1, targets,
                VersionCause.baseline(), "system", clock.instant(), mode).markedApplied(clock.instant()));
    }

    private void assertNothingStored() {
        assertThat(requests.listAll(null, 100, null).items()).isEmpty();
    }

    // ---- where a new request goes ------------------------------------------------------------------

    @Test
    void aRequestWithoutANamedScopeIsMadeInTheCallersOwnScope() {
        SubmitOutcome outcome = submit("data.example.com", ScopeChoice.of(null, Optional.of(RISK)));

        AllowlistRequest request = ((SubmitOutcome.Submitted) outcome).request();
        assertThat(request.scope()).isEqualTo(RISK);
        assertThat(requests.find(request.id()).orElseThrow().scope()).isEqualTo(RISK);
        assertThat(audit.forRequest(request.id())).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo("REQUEST_CREATED");
            assertThat(event.scope()).isEqualTo(RISK);
        });
    }

    @Test
    void aNamedScopeWinsOverTheCallersOwn() {
        SubmitOutcome outcome = submit("data.example.com", ScopeChoice.of("research", Optional.of(RISK)));

        assertThat(((SubmitOutcome.Submitted) outcome).request().scope()).isEqualTo(RESEARCH);
    }

    @Test
    void withoutAScopeNamedOrOwnAndNoDefaultTheScopeIsRequired() {
        SubmitOutcome outcome = submit("data.example.com", ScopeChoice.unspecified());

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Invalid.class, invalid -> {
            assertThat(invalid.field()).isEqualTo("scope");
            assertThat(invalid.reason()).isEqualTo("SCOPE_REQUIRED");
            assertThat(invalid.message()).contains("[global, risk, research]");
        });
        assertNothingStored();
        assertThat(audit.between(clock.instant().minusSeconds(1), clock.instant().plusSeconds(1)))
                .singleElement().extracting(AuditEvent::action).isEqualTo("REQUEST_REJECTED");
    }

    @Test
    void anUnknownScopeIsRefusedNamingTheScopesThereAre() {
        SubmitOutcome outcome = submit("data.example.com", ScopeChoice.of("marketing", Optional.of(RISK)));

        assertThat(outcome).isEqualTo(new SubmitOutcome.Invalid("scope", "UNKNOWN_SCOPE",
                "There is no scope marketing; the scopes are [global, risk, research]."));
        assertNothingStored();
    }

    @Test
    void aScopeNameThatCannotBeOneIsRefused() {
        SubmitOutcome outcome = submit("data.example.com", ScopeChoice.of("Risk<script>", Optional.empty()));

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Invalid.class, invalid -> {
            assertThat(invalid.reason()).isEqualTo("INVALID_SCOPE");
            assertThat(invalid.message()).contains("is not a scope name");
        });
        assertNothingStored();
    }

    @Test
    void onlyApproversOfGlobalMayAskForChangesToGlobal() {
        SubmitOutcome byRita = submit("mirror.example.com", ScopeChoice.of("global", Optional.of(RISK)));

        assertThat(byRita).isInstanceOfSatisfying(SubmitOutcome.PolicyRefused.class,
                refused -> assertThat(refused.rule()).isEqualTo("NOT_AN_APPROVER"));
        assertNothingStored();

        SubmitOutcome byApprover = service.submit("mirror.example.com", ScopeChoice.named(ScopeName.GLOBAL),
                "package mirror for every team", Optional.empty(), new Requester("slack:U0GLOBAL01", "U0GLOBAL01",
                        null), GLOBAL_APPROVER, null);
        assertThat(((SubmitOutcome.Submitted) byApprover).request().scope()).isEqualTo(ScopeName.GLOBAL);
        SubmitOutcome byGroupMember = service.submit("cran.example.com", ScopeChoice.named(ScopeName.GLOBAL),
                "R packages", Optional.empty(), new Requester("slack:U0PLATFORM", "U0PLATFORM", null),
                PLATFORM_GROUP_MEMBER, null);
        assertThat(byGroupMember).isInstanceOf(SubmitOutcome.Submitted.class);
    }

    // ---- each scope's policy, versions and capacity ------------------------------------------------

    @Test
    void theScopesOwnPolicyDeniesAndAutoApproves() {
        assertThat(submit("share.dropbox.com", ScopeChoice.named(RISK))).isInstanceOf(SubmitOutcome.PolicyRefused.class);
        assertThat(submit("share.dropbox.com", ScopeChoice.named(RESEARCH))).as("research has no such rule")
                .isInstanceOf(SubmitOutcome.Submitted.class);

        SubmitOutcome inRisk = submit("files.pypi.org", ScopeChoice.named(RISK));
        SubmitOutcome inResearch = submit("files.pypi.org", ScopeChoice.named(RESEARCH));

        assertThat(((SubmitOutcome.Submitted) inRisk).autoApproved()).isTrue();
        assertThat(((SubmitOutcome.Submitted) inResearch).autoApproved()).isFalse();
        assertThat(requests.withIntent(RISK)).extracting(AllowlistRequest::scope).containsExactly(RISK);
        assertThat(requests.withIntent(RESEARCH)).isEmpty();
    }

    @Test
    void whatIsAllowedIsReadFromTheScopesOwnVersions() {
        applied(RESEARCH, 1, List.of("huggingface.co"), ScopeMode.LEARN);

        assertThat(submit("huggingface.co", ScopeChoice.named(RESEARCH))).isInstanceOf(SubmitOutcome.AlreadyAllowed.class);
        assertThat(submit("huggingface.co", ScopeChoice.named(RISK))).isInstanceOf(SubmitOutcome.Submitted.class);
    }

    @Test
    void aLearningScopesCapacityCountsItsLearningRules() {
        applied(RISK, 1, List.of("a.example.com"), ScopeMode.LEARN);

        SubmitOutcome inRisk = submit("d.example.com", ScopeChoice.named(RISK));

        // capacity 6 in learn (n×2+4) holds 1 entry: full already, where the domain list (n×2+2) would hold 2.
        assertThat(((SubmitOutcome.Submitted) inRisk).warnings()).extracting(CapacityWarning::code)
                .containsExactly(CapacityWarning.Code.LIST_FULL);
    }

    @Test
    void capacityWarningsCountTheScopesOwnList() {
        applied(RISK, 1, List.of("a.example.com"), ScopeMode.ENFORCE);
        applied(RESEARCH, 1, List.of("a.example.com", "b.example.com", "c.example.com"), ScopeMode.ENFORCE);

        SubmitOutcome inRisk = submit("d.example.com", ScopeChoice.named(RISK));
        SubmitOutcome inResearch = submit("d.example.com", ScopeChoice.named(RESEARCH));

        // risk holds 2 targets at capacity 6 (n×2+2): one entry in force, full with the next.
        assertThat(((SubmitOutcome.Submitted) inRisk).warnings()).isNotEmpty();
        assertThat(((SubmitOutcome.Submitted) inResearch).warnings()).as("research's capacity is unknown").isEmpty();
    }

    @Test
    void theSameDomainMayBeOpenInTwoScopesAtOnce() {
        AllowlistRequest inRisk = submitted("data.example.com", RISK);
        AllowlistRequest inResearch = submitted("data.example.com", RESEARCH);

        assertThat(inRisk.id()).isNotEqualTo(inResearch.id());
        assertThat(submit("data.example.com", ScopeChoice.named(RISK)))
                .isEqualTo(new SubmitOutcome.ExistingRequest(inRisk));
    }

    // ---- who decides -------------------------------------------------------------------------------

    @Test
    void aScopesOwnApproverApprovesItsRequest() {
        AllowlistRequest request = submitted("data.example.com", RISK);

        DecisionOutcome outcome = service.approve(request.id(), RISK_APPROVER);

        AllowlistRequest approved = ((DecisionOutcome.Decided) outcome).request();
        assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(approved.intent()).isEqualTo(Intent.ADD);
    }

    @Test
    void anApproverOfAnotherScopeCannotApproveDenyRevokeOrRenew() {
        AllowlistRequest request = submitted("data.example.com", RISK);

        for (Actor outsider : List.of(RESEARCH_APPROVER, GLOBAL_APPROVER)) {
            assertThat(service.approve(request.id(), outsider)).isEqualTo(new DecisionOutcome.Refused("NOT_AN_APPROVER",
                    "You are not an approver of scope risk; only its approvers can approve its requests."));
            assertThat(service.deny(request.id(), outsider, "no")).isEqualTo(new DecisionOutcome.Refused(
                    "NOT_AN_APPROVER", "You are not an approver of scope risk; only its approvers can deny its requests."));
        }
        AllowlistRequest unchanged = requests.find(request.id()).orElseThrow();
        assertThat(unchanged.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(unchanged.approvals()).isEmpty();

        AllowlistRequest active = activeGrant("live.example.com", RISK);
        assertThat(service.revoke(active.id(), RESEARCH_APPROVER, "mine now")).isEqualTo(new DecisionOutcome.Refused(
                "NOT_AN_APPROVER", "You are not an approver of scope risk; only its approvers can revoke its requests."));
        assertThat(service.renew(active.id(), GLOBAL_APPROVER)).isEqualTo(new DecisionOutcome.Refused(
                "NOT_AN_APPROVER", "You are not an approver of scope risk; only its approvers can renew its requests."));
        assertThat(requests.find(active.id()).orElseThrow()).isEqualTo(active);
        assertThat(audit.forRequest(request.id())).as("one refusal recorded per outsider and reason")
                .extracting(AuditEvent::action).containsExactly("REQUEST_CREATED", "ACTION_REFUSED", "ACTION_REFUSED");
    }

    @Test
    void aGlobalApproverListedInAnotherScopeDecidesThereToo() {
        AllowlistRequest request = submitted("data.example.com", RESEARCH);

        DecisionOutcome first = service.approve(request.id(), GLOBAL_APPROVER);
        DecisionOutcome second = service.approve(request.id(), RESEARCH_APPROVER);

        assertThat(first).isInstanceOfSatisfying(DecisionOutcome.ApprovalRecorded.class,
                recorded -> assertThat(recorded.quorum()).as("research's quorum").isEqualTo(2));
        assertThat(((DecisionOutcome.Decided) second).request().status()).isEqualTo(RequestStatus.APPROVED);
    }

    @Test
    void globalsRequestsAreDecidedByGlobalsApproversOnly() {
        AllowlistRequest request = ((SubmitOutcome.Submitted) service.submit("mirror.example.com",
                ScopeChoice.named(ScopeName.GLOBAL), "package mirror", Optional.empty(),
                new Requester("slack:U0PLATFORM", "U0PLATFORM", null), PLATFORM_GROUP_MEMBER, null)).request();

        assertThat(service.approve(request.id(), RISK_APPROVER)).isInstanceOf(DecisionOutcome.Refused.class);
        assertThat(((DecisionOutcome.Decided) service.approve(request.id(), GLOBAL_APPROVER)).request().status())
                .isEqualTo(RequestStatus.APPROVED);
    }

    private AllowlistRequest activeGrant(String domain, ScopeName scope) {
        AllowlistRequest request = submitted(domain, scope);
        service.approve(request.id(), RISK_APPROVER);
        return ((io.egressallowlist.shared.domain.RequestRepository.ChangeResult.Changed) requests.change(request.id(),
                io.egressallowlist.shared.domain.RequestRepository.Change.from(RequestStatus.APPROVED)
                        .to(RequestStatus.ACTIVE, clock.instant()).expiresAt(clock.instant().plus(Duration.ofDays(30)))
                        .clearIntent())).request();
    }

    // ---- rollbacks and switches of mode ------------------------------------------------------------

    @Test
    void aRollbackRestoresAVersionOfItsOwnScope() {
        applied(RISK, 1, List.of("a.example.com"), ScopeMode.ENFORCE);
        applied(RISK, 2, List.of("a.example.com", "b.example.com"), ScopeMode.ENFORCE);
        applied(RESEARCH, 1, List.of("r.example.com"), ScopeMode.LEARN);

        SubmitOutcome inRisk = service.requestRollback(ScopeChoice.named(RISK), new VersionNumber(1), "b broke it",
                RITA, RITA_API, null);
        SubmitOutcome inResearch = service.requestRollback(ScopeChoice.named(RESEARCH), new VersionNumber(2),
                "no such version there", RITA, RITA_API, null);

        AllowlistRequest rollback = ((SubmitOutcome.Submitted) inRisk).request();
        assertThat(rollback.scope()).isEqualTo(RISK);
        assertThat(rollback.rollbackTo()).isEqualTo(new VersionNumber(1));
        assertThat(inResearch).isInstanceOfSatisfying(SubmitOutcome.Invalid.class, invalid -> {
            assertThat(invalid.reason()).isEqualTo("UNKNOWN_VERSION");
            assertThat(invalid.message()).contains("of scope research");
        });
        assertThat(service.approve(rollback.id(), RESEARCH_APPROVER)).isInstanceOf(DecisionOutcome.Refused.class);
        AllowlistRequest approved = ((DecisionOutcome.Decided) service.approve(rollback.id(), RISK_APPROVER)).request();
        assertThat(approved.intent()).isEqualTo(Intent.ROLLBACK);
        assertThat(requests.withIntent(RISK)).containsExactly(approved);
        assertThat(requests.withIntent(RESEARCH)).isEmpty();
    }

    @Test
    void aLearningScopeIsSwitchedToEnforceByARequestItsApproversDecide() {
        SubmitOutcome outcome = service.requestModeChange(RESEARCH, ScopeMode.ENFORCE, "we have learnt enough", RITA,
                RITA_API, null);

        AllowlistRequest request = ((SubmitOutcome.Submitted) outcome).request();
        assertThat(request.kind()).isEqualTo(RequestKind.MODE);
        assertThat(request.mode()).isEqualTo(ScopeMode.ENFORCE);
        assertThat(request.scope()).isEqualTo(RESEARCH);
        assertThat(request.subject()).isEqualTo("switch research to enforce");
        assertThat(audit.forRequest(request.id())).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo("MODE_SWITCH_REQUESTED");
            assertThat(event.details()).containsEntry("mode", "enforce");
            assertThat(event.scope()).isEqualTo(RESEARCH);
        });
        assertThat(service.requestModeChange(RESEARCH, ScopeMode.ENFORCE, "again", RITA, RITA_API, null))
                .isEqualTo(new SubmitOutcome.ExistingRequest(request));

        assertThat(service.approve(request.id(), RISK_APPROVER)).isInstanceOf(DecisionOutcome.Refused.class);
        service.approve(request.id(), RESEARCH_APPROVER);
        AllowlistRequest approved = ((DecisionOutcome.Decided) service.approve(request.id(), GLOBAL_APPROVER)).request();
        assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(approved.intent()).as("replaces the rule group's form as a rollback replaces its list")
                .isEqualTo(Intent.ROLLBACK);
        assertThat(requests.withIntent(RESEARCH)).containsExactly(approved);
    }

    @Test
    void aSwitchToTheModeTheScopeIsInIsRefusedAndNothingIsStored() {
        applied(RISK, 1, List.of("a.example.com"), ScopeMode.ENFORCE);

        SubmitOutcome toLearn = service.requestModeChange(RESEARCH, ScopeMode.LEARN, "keep learning", RITA, RITA_API,
                null);
        SubmitOutcome toEnforce = service.requestModeChange(RISK, ScopeMode.ENFORCE, "enforce", RITA, RITA_API, null);

        assertThat(toLearn).isEqualTo(new SubmitOutcome.Invalid("mode", "ALREADY_IN_MODE",
                "Scope research is already in learn mode; there is nothing to switch."));
        assertThat(toEnforce).isEqualTo(new SubmitOutcome.Invalid("mode", "ALREADY_IN_MODE",
                "Scope risk is already in enforce mode; there is nothing to switch."));
        assertNothingStored();
        assertThat(service.currentMode(RESEARCH)).isEqualTo(ScopeMode.LEARN);
    }

    @Test
    void theModeIsThatOfTheLastAppliedVersionOnceThereIsOne() {
        applied(RESEARCH, 1, List.of("r.example.com"), ScopeMode.ENFORCE);

        assertThat(service.currentMode(RESEARCH)).isEqualTo(ScopeMode.ENFORCE);
        assertThat(service.requestModeChange(RESEARCH, ScopeMode.LEARN, "learn the new project's traffic", RITA,
                RITA_API, null)).isInstanceOf(SubmitOutcome.Submitted.class);
    }

    @Test
    void globalHasNoModeAndUnknownScopesHaveNone() {
        assertThat(service.requestModeChange(ScopeName.GLOBAL, ScopeMode.LEARN, "learn", new Requester(
                "slack:U0GLOBAL01", "U0GLOBAL01", null), GLOBAL_APPROVER, null))
                .isInstanceOfSatisfying(SubmitOutcome.Invalid.class, invalid -> assertThat(invalid.reason())
                        .isEqualTo("NO_MODE"));
        assertThat(service.requestModeChange(ScopeName.of("marketing"), ScopeMode.ENFORCE, "x", RITA, RITA_API, null))
                .isInstanceOfSatisfying(SubmitOutcome.Invalid.class, invalid -> assertThat(invalid.reason())
                        .isEqualTo("UNKNOWN_SCOPE"));
        assertNothingStored();
    }

    @Test
    void theVersionLogOfEachScopeIsItsOwn() {
        VersionLog risk = service.scopes().versions(RISK);

        assertThat(risk).isSameAs(logs.get(RISK)).isNotSameAs(service.scopes().versions(RESEARCH));
        assertThat(service.policy(RESEARCH).quorum()).isEqualTo(2);
    }
}
