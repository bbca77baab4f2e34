package io.egressallowlist.shared.reconcile;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.FirewallSyncCheck;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionDiff;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.WriterLease;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One invocation of the single writer: run the reconciler, then tell people and the bus what it did.
 *
 * <p>One writer at a time, whatever the function's concurrency: an invocation first claims the
 * {@link WriterLease}, with an expiry past its own deadline (so it cannot lapse while the invocation runs).
 * An invocation that finds it held records pending work on it and returns at once, successfully: the holder
 * may not let go while a mark is newer than what it has seen, so it renews (reading the marks) and reconciles
 * again, and the level-triggered reconciler takes in every approval the marks stand for. A holder that dies
 * keeps the lease until that expiry; the next invocation afterwards (an event, or the schedule) completes the
 * work from the log.
 *
 * <p>Passes: a run that appended a version runs once more, so approvals that arrived while
 * {@code UpdateRuleGroup} was in flight go out now instead of waiting for the schedule; a second pass without
 * new intents is a describe and two queries. Then one more pass per round of marks, at most
 * {@value #MAX_PENDING_PASSES} and never within {@link #PASS_BUDGET} of the deadline, so an invocation stays
 * bounded; past that it lets go and the next invocation or the schedule continues.
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

    /** Lambda's longest timeout: the deadline assumed when the caller does not say how long it may run. */
    public static final Duration MAX_INVOCATION = Duration.ofMinutes(15);
    /** Added to the deadline for the lease's expiry: clocks of different hosts may disagree by this much. */
    public static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    /** No pass starts this close to the deadline (a pass may wait for throttled calls and the sync check). */
    static final Duration PASS_BUDGET = Duration.ofSeconds(60);
    static final int MAX_PENDING_PASSES = 10;

    private static final int MAX_PASSES = 2;
    private static final String ACTOR = "system:firewall-sync";

    /**
     * What the invocation did.
     *
     * @param passes  the reconciler's report of each pass, in order
     * @param failure the capacity failure reported instead of a version, if any
     * @param sync    whether the endpoints ran the last version this invocation wrote, when asked
     * @param deferredTo the run that held the writer lease and was told to reconcile again, if this one did not
     */
    public record Result(List<ReconcileReport> passes, Optional<String> failure,
                         Optional<FirewallSyncCheck.Outcome> sync, Optional<String> deferredTo) {
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
    private final WriterLease lease;
    private final Supplier<String> runIds;

    /**
     * @param syncCheck the wait for the firewall's endpoints after an update; empty when no firewall is
     *                  configured ({@code FIREWALL_NAME})
     * @param driftMode what the reconciler does with drift, as announced
     * @param lease     the single-writer lease of the version log
     * @param runIds    names a run that has no request id of its own (the sandbox, the bench)
     */
    public FirewallSync(Reconciler reconciler, RequestRepository requests, VersionLog versions, AuditTrail audit,
                        EventPublisher events, Notifier notifier, Optional<FirewallSyncCheck> syncCheck,
                        DriftMode driftMode, Clock clock, JsonLog log, WriterLease lease, Supplier<String> runIds) {
        this.lease = lease;
        this.runIds = runIds;
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

    /** One invocation that may run as long as Lambda allows any ({@link #MAX_INVOCATION}). */
    public Result run(String requestId) {
        return run(requestId, MAX_INVOCATION);
    }

    /**
     * One invocation; {@code requestId} (Lambda's: unique per invocation, kept by a retry, which starts only
     * after the earlier attempt ended) names the run on the lease and goes into the log lines.
     *
     * @param remaining how long the invocation may still run (Lambda's remaining time)
     * @throws ReconcileException after reporting it, for any failure but capacity
     * @throws EventPublisher.EventPublishException after every state change, when events could not be published
     */
    public Result run(String requestId, Duration remaining) {
        Instant now = clock.instant();
        Instant deadline = now.plus(remaining);
        String owner = requestId != null ? requestId : runIds.get();
        return lease.claim(owner, now, deadline.plus(LEASE_MARGIN)).match(
                acquired -> runHolding(acquired.held(), deadline, requestId),
                busy -> {
                    log.info("another run holds the writer lease and reconciles again before letting go",
                            "requestId", requestId, "holder", busy.holder(), "until", busy.until().toString());
                    return new Result(List.of(), Optional.empty(), Optional.empty(), Optional.of(busy.holder()));
                });
    }

    /** 1. the passes; 2. until the release is granted, renew (reading the marks) and pass again; 3. let go. */
    private Result runHolding(WriterLease.Held held, Instant deadline, String requestId) {
        Passes run = new Passes();
        WriterLease.Held seen = held;
        try {
            Optional<Result> failed = passes(run, MAX_PASSES, requestId);
            int pendingPasses = 0;
            while (failed.isEmpty() && !lease.release(seen)) {
                Optional<WriterLease.Held> renewed = lease.renew(seen, seen.until());
                if (renewed.isEmpty()) {
                    log.warn("the writer lease expired and was taken; its new holder continues", "requestId", requestId);
                    return run.result(Optional.empty());
                }
                seen = renewed.get();
                if (pendingPasses++ >= MAX_PENDING_PASSES || clock.instant().isAfter(deadline.minus(PASS_BUDGET))) {
                    log.warn("work still pending after the passes this invocation may run; the next run continues",
                            "requestId", requestId, "pendingPasses", pendingPasses);
                    lease.abandon(seen);
                    return run.result(Optional.empty());
                }
                failed = passes(run, 1, requestId);
            }
            failed.ifPresent(capacity -> lease.abandon(held));
            return failed.orElseGet(() -> run.result(Optional.empty()));
        } catch (RuntimeException e) {
            // Lambda retries the invocation; the retry (or the next event) need not wait for the expiry.
            lease.abandon(held);
            throw e;
        }
    }

    /** Up to {@code max} reconciler passes, stopping after one that created nothing; the capacity failure, if met. */
    private Optional<Result> passes(Passes run, int max, String requestId) {
        for (int pass = 1; pass <= max; pass++) {
            ReconcileReport report;
            try {
                report = reconciler.run();
            } catch (CapacityExceededException full) {
                reportFailure(full, ReconcileFailed.capacityExceeded(full.getMessage(), full.needed(), full.available()),
                        full.needed() + ":" + full.available(), requestId);
                return Optional.of(run.result(Optional.of(full.getMessage())));
            } catch (ReconcileException failed) {
                reportFailure(failed, ReconcileFailed.retried(failed.getMessage()),
                        Integer.toHexString(failed.getMessage().hashCode()), requestId);
                throw failed;
            }
            run.passes.add(report);
            if (report.updateRuleGroupCalls() > 0 && syncCheck.isPresent()) {
                run.sync = Optional.of(awaitSync(requestId));
            }
            publishAndNotify(report, run.sync);
            if (report.created().isEmpty()) {
                break;
            }
        }
        return Optional.empty();
    }

    /** What the passes of one invocation found, in order. */
    private static final class Passes {
        final List<ReconcileReport> passes = new ArrayList<>();
        Optional<FirewallSyncCheck.Outcome> sync = Optional.empty();

        Result result(Optional<String> failure) {
            return new Result(passes, failure, sync, Optional.empty());
        }
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
        report.created().ifPresent(version -> toPublish.add(new VersionCreated(version, scope())));
        report.drift().ifPresent(drift -> {
            notifier.driftDetected(drift, driftMode.name());
            toPublish.add(new DriftDetected(drift, driftMode.name(), scope()));
        });
        report.applied().ifPresent(version -> {
            VersionDiff change = versions.changesOf(version);
            List<AllowlistRequest> activated = load(report.activated());
            List<AllowlistRequest> revoked = load(report.revoked());
            notifier.versionApplied(version, change, activated, revoked);
            toPublish.add(new VersionApplied(version, change, report.activated(), report.revoked(), sync, scope()));
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
        log.error("reconcile failed", "requestId", requestId, "scope", scope().value(), "reason", failure.reason(),
                "error", cause.getMessage());
        boolean first = audit.record(AuditEvent.reconcileFailed(failure.reason(), key, failure.message(),
                AuditEvent.By.system(ACTOR), clock.instant()).ofScopeLog(scope()));
        if (!first) {
            return;
        }
        notifier.reconcileFailed(cause.getMessage());
        try {
            events.publishAll(List.of(failure.inScope(scope())));
        } catch (RuntimeException e) {
            log.error("could not publish Reconcile Failed", "requestId", requestId, "error", e.toString());
        }
    }

    /** The scope this invocation reconciles: its reconciler's. */
    public ScopeName scope() {
        return reconciler.scope();
    }

    private List<AllowlistRequest> load(List<RequestId> ids) {
        return ids.stream().map(requests::find).flatMap(Optional::stream).toList();
    }
}
