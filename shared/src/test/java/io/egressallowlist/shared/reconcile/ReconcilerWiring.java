package io.egressallowlist.shared.reconcile;

import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.RuleGroupGateway;
import io.egressallowlist.shared.domain.VersionLog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What every reconciler fixture does over its ports, whichever implementations they are: builds the reconciler
 * on a clock the test moves (recording the back-off sleeps instead of sleeping) and stores approved requests.
 */
abstract class ReconcilerWiring {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    final List<Duration> sleeps = new ArrayList<>();

    abstract RequestRepository requestPort();

    abstract VersionLog versionPort();

    abstract AuditTrail auditPort();

    abstract RuleGroupGateway ruleGroupPort();

    /** The targets the rule group holds right now, read past the gateway. */
    abstract List<String> liveTargets();

    final Reconciler reconciler() {
        return reconciler(Reconciler.Settings.defaults(), Reconciler.NONE);
    }

    final Reconciler reconciler(Reconciler.Settings settings, Reconciler.Checkpoints checkpoints) {
        return new Reconciler(versionPort(), requestPort(), auditPort(), ruleGroupPort(), clock, settings, sleeps::add,
                new Random(42), checkpoints);
    }

    /** Stores a request and approves it, as the request use cases will. */
    final AllowlistRequest approved(String target) {
        return ApprovedRequests.domain(requestPort(), clock, target);
    }

    final AllowlistRequest approvedRollback(long toVersion) {
        return ApprovedRequests.rollback(requestPort(), clock, toVersion);
    }

    final RequestStatus status(AllowlistRequest request) {
        return requestPort().find(request.id()).orElseThrow().status();
    }
}
