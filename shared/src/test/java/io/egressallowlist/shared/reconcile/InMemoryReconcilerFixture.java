package io.egressallowlist.shared.reconcile;

import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.testing.memory.InMemoryAuditTrail;
import io.egressallowlist.shared.testing.memory.InMemoryRequestStore;
import io.egressallowlist.shared.testing.memory.InMemoryRuleGroup;
import io.egressallowlist.shared.testing.memory.InMemoryVersionLog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A reconciler on the in-memory ports: one rule group inspecting both target types, on a clock the test moves. */
final class InMemoryReconcilerFixture {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    final InMemoryRequestStore requests = new InMemoryRequestStore(clock);
    final InMemoryVersionLog versions = new InMemoryVersionLog();
    final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    final InMemoryRuleGroup ruleGroup;
    final List<Duration> sleeps = new ArrayList<>();

    InMemoryReconcilerFixture(int capacity, List<String> initialTargets) {
        ruleGroup = InMemoryRuleGroup.withBothTargetTypes(capacity, initialTargets);
    }

    Reconciler reconciler() {
        return reconciler(Reconciler.Settings.defaults(), Reconciler.NONE);
    }

    Reconciler reconciler(Reconciler.Settings settings, Reconciler.Checkpoints checkpoints) {
        return new Reconciler(versions, requests, audit, ruleGroup, clock, settings, sleeps::add, new Random(42),
                checkpoints);
    }

    AllowlistRequest approved(String target) {
        return ApprovedRequests.domain(requests, clock, target);
    }

    AllowlistRequest approvedRollback(long toVersion) {
        return ApprovedRequests.rollback(requests, clock, toVersion);
    }

    RequestStatus status(AllowlistRequest request) {
        return requests.find(request.id()).orElseThrow().status();
    }

    List<String> liveTargets() {
        return ruleGroup.targets();
    }
}
