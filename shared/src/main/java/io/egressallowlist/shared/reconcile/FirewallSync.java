package io.egressallowlist.shared.reconcile;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.FirewallSyncCheck;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.VersionDiff;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.events.AllowlistEvent;
import io.egressallowlist.shared.events.AllowlistEvent.DriftDetected;
import io.egressallowlist.shared.events.AllowlistEvent.ReconcileFailed;
import io.egressallowlist.shared.events.AllowlistEvent.VersionApplied;
import io.egressallowlist.shared.events.AllowlistEvent.VersionCreated;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.Notifier;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
public final class FirewallSync {

    /** How long an invocation waits for the endpoints to run a new version before reporting it anyway. */
    public static final Duration SYNC_WAIT = Duration.ofSeconds(10);

    private static final int MAX_PASSES = 2;
    private static final String ACTOR = "system:firewall-sync";

    /**
     * What the invocation did.
     *
     * @param passes  the reconciler's report of each pass, in order
     * @param failure the capacity failure reported instead of a version, if any
     * @param sync    whether the endpoints ran the last version this invocation wrote, when asked
     */
    public record Result(List<ReconcileReport> passes, Optional<String> failure,
                         Optional<FirewallSyncCheck.Outcome> sync) {
        public Result {
            passes = List.copyOf(passes);
        }

        public List<Long> versionsCreated() {
            return numbers(passes.stream().map(ReconcileReport::created).toList());
        }

        public List<Long> versionsApplied() {
            return numbers(passes.stream().map(ReconcileReport::applied).toList());
        }

        public boolean driftDetected() {
            return passes.stream().anyMatch(report -> report.drift().isPresent());
        }

        public int activated() {
            return passes.stream().mapToInt(report -> report.activated().size()).sum();
        }

        public int revoked() {
            return passes.stream().mapToInt(report -> report.revoked().size()).sum();
        }

        public int updateRuleGroupCalls() {
            return passes.stream().mapToInt(ReconcileReport::updateRuleGroupCalls).sum();
        }

        private static List<Long> numbers(List<Optional<AllowlistVersion>> versions) {
            return versions.stream().flatMap(Optional::stream).map(AllowlistVersion::number).toList();
        }
    }

    private final Reconciler reconciler;
    private final RequestRepository requests;
    private final VersionLog versions;
    private final AuditTrail audit;
    private final EventPublisher events;
    private final Notifier notifier;
    private final Optional<FirewallSyncCheck> syncCheck;
    private final DriftMode driftMode;
    private final Clock clock;
    private final JsonLog log;

    /**
     * @param syncCheck the wait for the firewall's endpoints after an update; empty when no firewall is
     *                  configured ({@code FIREWALL_NAME})
     * @param driftMode what the reconciler does with drift, as announced
     */
    public FirewallSync(Reconciler reconciler, RequestRepository requests, VersionLog versions, AuditTrail audit,
                        EventPublisher events, Notifier notifier, Optional<FirewallSyncCheck> syncCheck,
                        DriftMode driftMode, Clock clock, JsonLog log) {
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

    /**
     * One invocation; {@code requestId} (Lambda's) goes into the log lines.
     *
     * @throws ReconcileException after reporting it, for any failure but capacity
     * @throws EventPublisher.EventPublishException after every state change, when events could not be published
     */
    public Result run(String requestId) {
        List<ReconcileReport> passes = new ArrayList<>();
        Optional<FirewallSyncCheck.Outcome> sync = Optional.empty();
        for (int pass = 1; pass <= MAX_PASSES; pass++) {
            ReconcileReport report;
            try {
                report = reconciler.run();
            } catch (CapacityExceededException full) {
                reportFailure(full, ReconcileFailed.capacityExceeded(full.getMessage(), full.needed(), full.available()),
                        full.needed() + ":" + full.available(), requestId);
                return new Result(passes, Optional.of(full.getMessage()), sync);
            } catch (ReconcileException failed) {
                reportFailure(failed, ReconcileFailed.retried(failed.getMessage()),
                        Integer.toHexString(failed.getMessage().hashCode()), requestId);
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

    private FirewallSyncCheck.Outcome awaitSync(String requestId) {
        try {
            return syncCheck.get().awaitInSync();
        } catch (RuntimeException e) {
            // The rule group is already updated; a failed sync check must not lose the events below.
            log.warn("could not check the firewall's sync state", "requestId", requestId, "error", e.toString());
            return FirewallSyncCheck.Outcome.STILL_PENDING;
        }
    }

    private void publishAndNotify(ReconcileReport report, Optional<FirewallSyncCheck.Outcome> sync) {
        List<AllowlistEvent> toPublish = new ArrayList<>();
        report.created().ifPresent(version -> toPublish.add(new VersionCreated(version)));
        report.drift().ifPresent(drift -> {
            notifier.driftDetected(drift, driftMode.name());
            toPublish.add(new DriftDetected(drift, driftMode.name()));
        });
        report.applied().ifPresent(version -> {
            VersionDiff change = versions.changesOf(version);
            List<AllowlistRequest> activated = load(report.activated());
            List<AllowlistRequest> revoked = load(report.revoked());
            notifier.versionApplied(version, change, activated, revoked);
            toPublish.add(new VersionApplied(version, change, report.activated(), report.revoked(), sync));
        });
        if (!toPublish.isEmpty()) {
            events.publishAll(toPublish);
        }
    }

    /**
     * Tells operators once per kind of failure per day, however often the schedule meets it; the claim is
     * an audit event with a deterministic id ({@code key} names the kind). A failure to publish here is
     * logged, not thrown: the reconcile failure is what the caller must see.
     */
    private void reportFailure(ReconcileException cause, ReconcileFailed failure, String key, String requestId) {
        log.error("reconcile failed", "requestId", requestId, "reason", failure.reason(), "error", cause.getMessage());
        boolean first = audit.record(AuditEvent.reconcileFailed(failure.reason(), key, failure.message(),
                AuditEvent.By.system(ACTOR), clock.instant()));
        if (!first) {
            return;
        }
        notifier.reconcileFailed(cause.getMessage());
        try {
            events.publishAll(List.of(failure));
        } catch (RuntimeException e) {
            log.error("could not publish Reconcile Failed", "requestId", requestId, "error", e.toString());
        }
    }

    private List<AllowlistRequest> load(List<RequestId> ids) {
        return ids.stream().map(requests::find).flatMap(Optional::stream).toList();
    }
}
