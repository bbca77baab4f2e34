package io.egressallowlist.shared.reconcile;

import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RuleGroupGateway;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.testing.memory.InMemoryAuditTrail;
import io.egressallowlist.shared.testing.memory.InMemoryRequestStore;
import io.egressallowlist.shared.testing.memory.InMemoryRuleGroup;
import io.egressallowlist.shared.testing.memory.InMemoryVersionLog;

import java.util.List;

/** A reconciler on the in-memory ports: one rule group inspecting both target types, on a clock the test moves. */
final class InMemoryReconcilerFixture extends ReconcilerWiring {

    final InMemoryRequestStore requests = new InMemoryRequestStore(clock);
    final InMemoryVersionLog versions = new InMemoryVersionLog();
    final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    final InMemoryRuleGroup ruleGroup;

    InMemoryReconcilerFixture(int capacity, List<String> initialTargets) {
        ruleGroup = InMemoryRuleGroup.withBothTargetTypes(capacity, initialTargets);
    }

    @Override
    RequestRepository requestPort() {
        return requests;
    }

    @Override
    VersionLog versionPort() {
        return versions;
    }

    @Override
    AuditTrail auditPort() {
        return audit;
    }

    @Override
    RuleGroupGateway ruleGroupPort() {
        return ruleGroup;
    }

    @Override
    List<String> liveTargets() {
        return ruleGroup.targets();
    }
}
