package io.egressallowlist.shared.reconcile;

import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.RuleGroupGateway.LiveRuleGroup;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionNumber;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the reconciler makes of a rule group's content beyond its targets: rules it cannot read, and its mode. */
class RuleGroupContentReconcileTest {

    private final InMemoryReconcilerFixture fixture = new InMemoryReconcilerFixture(10, List.of("a.example.com"));

    @Test
    void rulesTheGatewayCannotReadAreDriftAndTheApprovedListIsWrittenBack() {
        fixture.reconciler().run();
        fixture.ruleGroup.makeUnreadableOutOfBand();

        ReconcileReport report = fixture.reconciler().run();

        assertThat(report.drift()).hasValueSatisfying(drift -> assertThat(drift.added())
                .singleElement().asString().startsWith(LiveRuleGroup.UNRECOGNISED));
        assertThat(fixture.ruleGroup.describe().recognised()).isTrue();
        assertThat(fixture.liveTargets()).containsExactly("a.example.com");
        assertThat(fixture.audit.forVersion(new VersionNumber(1))).extracting(AuditEvent::action).contains("DRIFT_DETECTED");
    }

    @Test
    void aLearningScopesGroupIsWrittenAsLearningRulesWhoseCapacityTheCheckCounts() {
        Reconciler.Settings learning = Reconciler.Settings.defaults().withScope(ScopeName.DEFAULT, ScopeMode.LEARN);
        fixture.reconciler(learning, Reconciler.NONE).run();
        assertThat(fixture.ruleGroup.mode()).as("an empty log starts in the scope's initial mode").isEqualTo(ScopeMode.LEARN);
        fixture.approved("b.example.com");
        fixture.approved("c.example.com");

        fixture.reconciler(learning, Reconciler.NONE).run();

        assertThat(fixture.ruleGroup.mode()).isEqualTo(ScopeMode.LEARN);
        assertThat(fixture.liveTargets()).containsExactly("a.example.com", "b.example.com", "c.example.com");
        // Capacity 10 learning holds (10 - 4) / 2 = 3 targets; enforcing would hold 4.
        fixture.approved("d.example.com");
        assertThatThrownBy(() -> fixture.reconciler(learning, Reconciler.NONE).run())
                .isInstanceOf(CapacityExceededException.class);
        assertThat(fixture.liveTargets()).hasSize(3);
    }
}
