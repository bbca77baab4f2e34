package io.egressallowlist.shared.reconcile;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.RuleGroupGateway.LiveRuleGroup;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionNumber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scope's mode is part of its versions: the reconciler writes the head version's mode (an empty log starts in the
 * scope's initial mode), an approved MODE request becomes a version with the same entries in the new mode, and a mode
 * changed outside the control plane is drift (dynalite and the Network Firewall emulator, through the real clients).
 */
@ExtendWith(DynaliteExtension.class)
class ScopeModeReconcileTest {

    private static final ScopeName RISK = ScopeName.of("risk");
    private static final ScopeName RESEARCH = ScopeName.of("research");
    private static final String LEARN_MARK = "egress-allowlist learn:";

    private ScopesFixture fixture;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aScopeThatStartsInLearnIsWrittenInLearnFromItsFirstRunAndStaysSo(DynamoDbClient dynamo) throws Exception {
        fixture = new ScopesFixture(dynamo, List.of(RISK, RESEARCH), Map.of(), Map.of(RISK, ScopeMode.LEARN));
        ScopeSyncs syncs = fixture.scopeSyncs();

        ScopeSyncs.Report first = syncs.runAll("first", Duration.ofMinutes(1));

        AllowlistVersion baseline = fixture.versions.get(RISK).find(new VersionNumber(1)).orElseThrow();
        AllowlistVersion learning = fixture.versions.get(RISK).head().orElseThrow();
        assertThat(baseline.mode()).isEqualTo(ScopeMode.ENFORCE);
        assertThat(learning.number()).isEqualTo(2);
        assertThat(learning.mode()).isEqualTo(ScopeMode.LEARN);
        assertThat(learning.isApplied()).isTrue();
        assertThat(learning.targets()).isEqualTo(baseline.targets());
        assertThat(learning.cause().describe()).isEqualTo("the scope starts in learn");
        assertThat(live(RISK).mode()).isEqualTo(ScopeMode.LEARN);
        assertThat(fixture.firewall.rulesString(ScopesFixture.ruleGroup(RISK))).contains(LEARN_MARK);
        assertThat(live(RESEARCH).mode()).isEqualTo(ScopeMode.ENFORCE);
        assertThat(fixture.versions.get(RESEARCH).head().orElseThrow().number()).isEqualTo(1);
        assertThat(first.firstFailure()).isEmpty();

        ScopeSyncs.Report again = syncs.runAll("again", Duration.ofMinutes(1));

        for (ScopeName scope : List.of(RISK, RESEARCH)) {
            assertThat(ran(again, scope).passes()).as("a second run of %s finds nothing to do", scope)
                    .noneMatch(ReconcileReport::changedAnything);
        }
    }

    @Test
    void anApprovedModeRequestBecomesAVersionOfTheSameEntriesInTheNewModeAndTheRuleGroupIsWrittenSo(
            DynamoDbClient dynamo) throws Exception {
        fixture = new ScopesFixture(dynamo, List.of(RISK, RESEARCH), Map.of(), Map.of(RISK, ScopeMode.LEARN));
        ScopeSyncs syncs = fixture.scopeSyncs();
        syncs.runAll("first", Duration.ofMinutes(1));
        AllowlistRequest grant = fixture.approved(RISK, "risk-data.example.com");
        syncs.runAll("grant", Duration.ofMinutes(1));
        assertThat(fixture.rulesOf(RISK)).contains(LEARN_MARK).contains("risk-data.example.com");
        long researchUpdates = fixture.firewall.successfulUpdates(ScopesFixture.ruleGroup(RESEARCH));

        AllowlistRequest toEnforce = fixture.approvedMode(RISK, ScopeMode.ENFORCE);
        ScopeSyncs.Report report = syncs.runAll("switch", Duration.ofMinutes(1));

        AllowlistVersion enforcing = fixture.versions.get(RISK).head().orElseThrow();
        AllowlistVersion before = fixture.versions.get(RISK).find(new VersionNumber(enforcing.parent())).orElseThrow();
        assertThat(enforcing.mode()).isEqualTo(ScopeMode.ENFORCE);
        assertThat(before.mode()).isEqualTo(ScopeMode.LEARN);
        assertThat(enforcing.targets()).isEqualTo(before.targets()).contains("risk-data.example.com");
        assertThat(enforcing.isApplied()).isTrue();
        assertThat(enforcing.cause().requestIds()).containsExactly(toEnforce.id());
        assertThat(enforcing.cause().describe()).isEqualTo("switch from learn to enforce (" + toEnforce.id() + ")");
        assertThat(fixture.now(toEnforce).status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(fixture.now(toEnforce).version()).isEqualTo(enforcing.versionNumber());
        assertThat(fixture.now(grant).status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(live(RISK).mode()).isEqualTo(ScopeMode.ENFORCE);
        assertThat(fixture.firewall.rulesString(ScopesFixture.ruleGroup(RISK))).doesNotContain(LEARN_MARK);
        assertThat(fixture.live(RISK)).contains("risk-data.example.com");
        assertThat(ran(report, RISK).updateRuleGroupCalls()).isEqualTo(1);
        assertThat(fixture.firewall.successfulUpdates(ScopesFixture.ruleGroup(RESEARCH))).isEqualTo(researchUpdates);
    }

    @Test
    void aModeChangedOutsideTheControlPlaneIsDriftAndIsWrittenBack(DynamoDbClient dynamo) throws Exception {
        fixture = new ScopesFixture(dynamo, List.of(RISK, RESEARCH), Map.of());
        ScopeSyncs syncs = fixture.scopeSyncs();
        syncs.runAll("first", Duration.ofMinutes(1));
        LiveRuleGroup described = live(RISK);
        fixture.ruleGroups.get(RISK).replace(described.updateToken(), described.targets(), ScopeMode.LEARN);
        assertThat(live(RISK).mode()).isEqualTo(ScopeMode.LEARN);

        ScopeSyncs.Report report = syncs.runAll("drift", Duration.ofMinutes(1));

        assertThat(ran(report, RISK).driftDetected()).isTrue();
        assertThat(ran(report, RESEARCH).driftDetected()).isFalse();
        assertThat(live(RISK).mode()).isEqualTo(ScopeMode.ENFORCE);
        assertThat(fixture.versions.get(RISK).head().orElseThrow().number()).isEqualTo(1);
        assertThat(fixture.audit.between(Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1))))
                .filteredOn(event -> event.action().equals("DRIFT_DETECTED")).singleElement()
                .satisfies(event -> {
                    assertThat(event.eventId()).startsWith("drift:risk:1:").endsWith(":learn");
                    assertThat(event.scope()).isEqualTo(RISK);
                });
        assertThat(fixture.audit.forVersion(new VersionNumber(1))).extracting(AuditEvent::eventId)
                .contains("version:risk:1:BASELINE", "version:research:1:BASELINE");
    }

    private static FirewallSync.Result ran(ScopeSyncs.Report report, ScopeName scope) {
        return report.outcomes().get(scope).match(ScopeSyncs.Ran::result, failed -> {
            throw new AssertionError(scope + " failed", failed.error());
        });
    }

    private LiveRuleGroup live(ScopeName scope) {
        return fixture.ruleGroups.get(scope).describe();
    }
}
