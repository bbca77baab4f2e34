package io.egressallowlist.functions.firewallsync;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.VersionDiff;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.events.EventPublisher.Event;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.firewall.FirewallSyncWaiter;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.Notifier;
import io.egressallowlist.shared.reconcile.CapacityExceededException;
import io.egressallowlist.shared.reconcile.DriftMode;
import io.egressallowlist.shared.reconcile.ReconcileException;
import io.egressallowlist.shared.reconcile.ReconcileReport;
import io.egressallowlist.shared.reconcile.Reconciler;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One invocation of the single writer: run the reconciler, then tell people and the bus what it did.
 *
 * <p>Passes: a run that appended a version runs once more, so approvals that arrived while
 * {@code UpdateRuleGroup} was in flight go out now instead of waiting for a throttled retry (reserved
 * concurrency 1) or the schedule; a second pass without new intents is a describe and two queries. Never
 * more than two passes, so an invocation stays bounded.
 *
 * <p>Failures:
 * <ul>
 *   <li>{@link CapacityExceededException}: retrying cannot help until someone removes entries, so it is
 *       reported ({@code Reconcile Failed}, the channel) and the invocation <em>succeeds</em>; the schedule
 *       tries again every few minutes, and the report is repeated at most once a day.</li>
 *   <li>another {@link ReconcileException} (a token race that outlived the retries, a second writer):
 *       reported the same way, then rethrown so Lambda retries the event; the next run continues from
 *       the log.</li>
 *   <li>SDK and DynamoDB errors: rethrown untouched (Lambda retries; alarms watch the errors).</li>
 * </ul>
 * Events are published after the run's state changes; a publish failure fails the invocation (so it is
 * seen) but cannot be replayed by a retry, because the reconciler is level-triggered and the next run
 * finds nothing left to do. Consumers must treat the bus as a notification, the version log as the truth.
 */
final class FirewallSync {

    /** Keeps an event within PutEvents' 256 KB even for a 15,000-entry drift. */
    static final int MAX_LISTED = 200;
    private static final int MAX_PASSES = 2;
    private static final String ACTOR = "system:firewall-sync";

    /** Optional wait for the firewall endpoints to run the new content (ARCHITECTURE §6 step 6). */
    interface SyncCheck {
        FirewallSyncWaiter.Outcome await();
    }

    /** What the invocation did, for the handler's summary. */
    record Result(List<ReconcileReport> passes, Optional<String> failure, Optional<FirewallSyncWaiter.Outcome> sync) { }

    private final Reconciler reconciler;
    private final RequestRepository requests;
    private final VersionLog versions;
    private final AuditTrail audit;
    private final EventPublisher events;
    private final Notifier notifier;
    private final Optional<SyncCheck> syncCheck;
    private final DriftMode driftMode;
    private final Clock clock;
    private final JsonLog log;

    FirewallSync(Reconciler reconciler, RequestRepository requests, VersionLog versions, AuditTrail audit,
                 EventPublisher events, Notifier notifier, Optional<SyncCheck> syncCheck, DriftMode driftMode,
                 Clock clock, JsonLog log) {
        this.reconciler = reconciler;
        this.requests = requests;
        this.versions = versions;
        this.audit = audit;
        this.events = events;
        this.notifier = notifier;
        this.syncCheck = syncCheck;
        this.driftMode = driftMode;
        this.clock = clock;
        this.log = log;
    }

    Result run(String requestId) {
        List<ReconcileReport> passes = new ArrayList<>();
        Optional<FirewallSyncWaiter.Outcome> sync = Optional.empty();
        for (int pass = 1; pass <= MAX_PASSES; pass++) {
            ReconcileReport report;
            try {
                report = reconciler.run();
            } catch (CapacityExceededException full) {
                reportFailure("CAPACITY_EXCEEDED", full, full.needed() + ":" + full.available(), requestId);
                return new Result(passes, Optional.of(full.getMessage()), sync);
            } catch (ReconcileException failed) {
                reportFailure("RECONCILE_FAILED", failed, Integer.toHexString(failed.getMessage().hashCode()), requestId);
                throw failed;
            }
            passes.add(report);
            if (report.updateRuleGroupCalls() > 0 && syncCheck.isPresent()) {
                sync = Optional.of(awaitSync(requestId));
            }
            publishAndNotify(report, sync);
            if (report.created().isEmpty()) {
                break;
            }
        }
        return new Result(passes, Optional.empty(), sync);
    }

    private FirewallSyncWaiter.Outcome awaitSync(String requestId) {
        try {
            return syncCheck.get().await();
        } catch (RuntimeException e) {
            // The rule group is already updated; a failed sync check must not lose the events below.
            log.warn("could not check the firewall's sync state", "requestId", requestId, "error", e.toString());
            return FirewallSyncWaiter.Outcome.STILL_PENDING;
        }
    }

    private void publishAndNotify(ReconcileReport report, Optional<FirewallSyncWaiter.Outcome> sync) {
        List<Event> toPublish = new ArrayList<>();
        report.created().ifPresent(version -> toPublish.add(versionCreated(version)));
        report.drift().ifPresent(drift -> {
            notifier.driftDetected(drift, driftMode.name());
            toPublish.add(driftDetected(drift));
        });
        report.applied().ifPresent(version -> {
            VersionDiff change = changeOf(version);
            List<AllowlistRequest> activated = load(report.activated());
            List<AllowlistRequest> revoked = load(report.revoked());
            notifier.versionApplied(version, change, activated, revoked);
            toPublish.add(versionApplied(version, change, report, sync));
        });
        if (!toPublish.isEmpty()) {
            events.publish(toPublish);
        }
    }

    /**
     * Tells operators once per kind of failure per day, however often the schedule meets it; the claim is
     * an audit event with a deterministic id. A failure to publish here is logged, not thrown: the
     * reconcile failure is what the caller must see.
     */
    private void reportFailure(String reason, ReconcileException failure, String key, String requestId) {
        log.error("reconcile failed", "requestId", requestId, "reason", reason, "error", failure.getMessage());
        boolean first = audit.record(AuditEvent.reconcileFailed(reason, key, truncate(failure.getMessage()),
                AuditEvent.By.system(ACTOR), clock.instant()));
        if (!first) {
            return;
        }
        notifier.reconcileFailed(failure.getMessage());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("reason", reason);
        detail.put("message", truncate(failure.getMessage()));
        detail.put("retried", !(failure instanceof CapacityExceededException));
        if (failure instanceof CapacityExceededException full) {
            detail.put("neededCapacity", full.needed());
            detail.put("capacity", full.available());
        }
        try {
            events.publish(new Event(EventTypes.RECONCILE_FAILED, detail));
        } catch (RuntimeException e) {
            log.error("could not publish Reconcile Failed", "requestId", requestId, "error", e.toString());
        }
    }

    private VersionDiff changeOf(AllowlistVersion version) {
        if (version.parent() == null) {
            return VersionDiff.between(List.of(), version.targets());
        }
        return versions.find(new VersionNumber(version.parent())).map(version::diffFrom)
                .orElseGet(() -> VersionDiff.between(List.of(), version.targets()));
    }

    private List<AllowlistRequest> load(List<RequestId> ids) {
        return ids.stream().map(requests::find).flatMap(Optional::stream).toList();
    }

    private static Event versionCreated(AllowlistVersion version) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("version", version.number());
        if (version.parent() != null) {
            detail.put("parent", version.parent());
        }
        detail.put("cause", version.cause().type().name());
        detail.put("targets", version.targets().size());
        detail.put("sha256", version.sha256());
        detail.put("actor", version.actor());
        putList(detail, "requestIds", ids(version.cause().requestIds()));
        return new Event(EventTypes.VERSION_CREATED, detail);
    }

    private static Event versionApplied(AllowlistVersion version, VersionDiff change, ReconcileReport report,
                                        Optional<FirewallSyncWaiter.Outcome> sync) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("version", version.number());
        if (version.parent() != null) {
            detail.put("parent", version.parent());
        }
        detail.put("added", change.added().size());
        detail.put("removed", change.removed().size());
        detail.put("targets", version.targets().size());
        detail.put("sha256", version.sha256());
        putList(detail, "requestIds", ids(version.cause().requestIds()));
        putList(detail, "activated", ids(report.activated()));
        putList(detail, "revoked", ids(report.revoked()));
        sync.ifPresent(outcome -> detail.put("firewallSync", outcome.name()));
        return new Event(EventTypes.VERSION_APPLIED, detail);
    }

    private Event driftDetected(VersionDiff drift) {
        Map<String, Object> detail = new LinkedHashMap<>();
        putList(detail, "added", drift.added());
        putList(detail, "removed", drift.removed());
        detail.put("addedCount", drift.added().size());
        detail.put("removedCount", drift.removed().size());
        detail.put("mode", driftMode.name());
        return new Event(EventTypes.DRIFT_DETECTED, detail);
    }

    /** Lists are cut at {@link #MAX_LISTED}; {@code <key>Truncated} says so, and the log or audit trail has the rest. */
    private static List<String> ids(List<RequestId> ids) {
        return ids.stream().map(RequestId::value).toList();
    }

    private static void putList(Map<String, Object> detail, String key, List<String> values) {
        detail.put(key, values.size() <= MAX_LISTED ? values : values.subList(0, MAX_LISTED));
        if (values.size() > MAX_LISTED) {
            detail.put(key + "Truncated", true);
        }
    }

    private static String truncate(String message) {
        return message == null ? "" : message.length() <= 500 ? message : message.substring(0, 500) + "…";
    }
}
