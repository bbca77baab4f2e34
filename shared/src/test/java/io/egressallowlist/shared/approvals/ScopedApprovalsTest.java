package io.egressallowlist.shared.approvals;

import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.Policy;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.Scopes;
import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.requests.RequestService;
import io.egressallowlist.shared.requests.ScopeViews;
import io.egressallowlist.shared.requests.SubmitOutcome;
import io.egressallowlist.shared.testing.memory.InMemoryApproverGroups;
import io.egressallowlist.shared.testing.memory.InMemoryAuditTrail;
import io.egressallowlist.shared.testing.memory.InMemoryRequestStore;
import io.egressallowlist.shared.testing.memory.InMemoryVersionLog;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat in a deployment of scopes: a request from Slack goes to the scope it names, global only for global's approvers
 * (named or through its approver group), and each scope's approvers (named or through their groups) decide its
 * requests only.
 */
class ScopedApprovalsTest {

    private static final ScopeName RISK = ScopeName.of("risk");
    private static final SlackUserId RITA = new SlackUserId("U0RITA0001");
    private static final SlackUserId RISK_LEAD = new SlackUserId("U0RISKLEAD");
    private static final SlackUserId RISK_GROUPIE = new SlackUserId("U0RISKGRP1");
    private static final SlackUserId PLATFORM_GROUPIE = new SlackUserId("U0PLATGRP1");
    private static final SlackUserGroupId RISK_GROUP = new SlackUserGroupId("S0RISKTEAM");
    private static final SlackUserGroupId PLATFORM_GROUP = new SlackUserGroupId("S0PLATFORM");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final InMemoryRequestStore requests = new InMemoryRequestStore(clock);
    private final InMemoryVersionLog versions = new InMemoryVersionLog();
    private final List<EventPublisher.Event> published = new ArrayList<>();
    private final InMemoryApproverGroups groups = new InMemoryApproverGroups()
            .group(RISK_GROUP, RISK_GROUPIE).group(PLATFORM_GROUP, PLATFORM_GROUPIE);
    private final Scopes scopes = Scopes.of(List.of(
            scope(ScopeName.GLOBAL, Set.of(), "approver-groups = S0PLATFORM\n"),
            scope(ScopeName.DEFAULT, Set.of(), "approvers = U0DEFLEAD1\n"),
            scope(RISK, Set.of("d-risk00001"), "approvers = U0RISKLEAD\napprover-groups = S0RISKTEAM\n")));
    private final Map<ScopeName, InMemoryVersionLog> logs = Map.of(ScopeName.GLOBAL, new InMemoryVersionLog(),
            ScopeName.DEFAULT, versions, RISK, new InMemoryVersionLog());
    private final Approvals approvals = new Approvals(new RequestService(requests, ScopeViews.of(scopes, logs::get),
            new InMemoryAuditTrail(), Duration.ofDays(7), clock, new Random(2)), requests, versions, published::addAll,
            groups, JsonLog.of(Approvals.class, new PrintStream(OutputStream.nullOutputStream()), clock));

    private static Scope scope(ScopeName name, Set<String> domains, String approvers) {
        Policy policy = ((PolicyParser.Parsed) PolicyParser.parse("default-duration = P30D\nmax-duration = P90D\n"
                + "quorum = 1\n" + approvers)).policy();
        return new Scope(name, "arn:aws:network-firewall:eu-west-1:111122223333:stateful-rulegroup/" + name, 0,
                domains, ScopeMode.ENFORCE, policy);
    }

    private SubmitOutcome submit(SlackUserId user, String domain, String scope) {
        return approvals.submit(new Submission(user, domain, "model weights", "", scope));
    }

    @Test
    void aRequestFromSlackGoesToTheScopeItNamesElseToDefault() {
        AllowlistRequest inRisk = ((SubmitOutcome.Submitted) submit(RITA, "data.example.com", "risk")).request();
        AllowlistRequest unnamed = ((SubmitOutcome.Submitted) submit(RITA, "data.example.com", null)).request();

        assertThat(inRisk.scope()).isEqualTo(RISK);
        assertThat(unnamed.scope()).isEqualTo(ScopeName.DEFAULT);
        assertThat(submit(RITA, "data.example.com", "marketing")).isInstanceOfSatisfying(SubmitOutcome.Invalid.class,
                invalid -> assertThat(invalid.reason()).isEqualTo("UNKNOWN_SCOPE"));
        assertThat(published).hasSize(2);
    }

    @Test
    void globalTakesRequestsFromItsApproverGroupOnly() {
        assertThat(submit(RITA, "mirror.example.com", "global")).isInstanceOf(SubmitOutcome.PolicyRefused.class);
        assertThat(submit(RISK_GROUPIE, "mirror.example.com", "global")).isInstanceOf(SubmitOutcome.PolicyRefused.class);
        assertThat(requests.listAll(null, 10, null).items()).isEmpty();

        SubmitOutcome byPlatform = submit(PLATFORM_GROUPIE, "mirror.example.com", "global");

        assertThat(((SubmitOutcome.Submitted) byPlatform).request().scope()).isEqualTo(ScopeName.GLOBAL);
    }

    @Test
    void aScopesApproverGroupDecidesItsRequestsAndNoOtherScopes() {
        AllowlistRequest inRisk = ((SubmitOutcome.Submitted) submit(RITA, "data.example.com", "risk")).request();
        AllowlistRequest inDefault = ((SubmitOutcome.Submitted) submit(RITA, "other.example.com", null)).request();

        DecisionResult byPlatform = approvals.decide(new Decision(PLATFORM_GROUPIE, Decision.Kind.APPROVE, inRisk.id()));
        DecisionResult byRiskLeadInDefault = approvals.decide(new Decision(RISK_LEAD, Decision.Kind.APPROVE,
                inDefault.id()));
        DecisionResult byRiskGroupie = approvals.decide(new Decision(RISK_GROUPIE, Decision.Kind.APPROVE, inRisk.id()));

        assertThat(byPlatform).isEqualTo(new DecisionResult.Refused(
                "You are not an approver of scope risk; only its approvers can approve its requests."));
        assertThat(byRiskLeadInDefault).isInstanceOf(DecisionResult.Refused.class);
        assertThat(requests.find(inDefault.id()).orElseThrow().status()).isEqualTo(RequestStatus.PENDING);
        assertThat(byRiskGroupie).isInstanceOfSatisfying(DecisionResult.Decided.class,
                decided -> assertThat(decided.request().status()).isEqualTo(RequestStatus.APPROVED));
    }
}
