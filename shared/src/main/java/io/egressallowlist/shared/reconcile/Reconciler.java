package io.egressallowlist.shared.reconcile;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.RuleGroupGateway;
import io.egressallowlist.shared.domain.RuleGroupGateway.LiveRuleGroup;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.domain.VersionDiff;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.VersionNumber;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * The single writer of versions and of the firewall rule group (ARCHITECTURE §6). Level-triggered and
 * idempotent: each run reads the log, the requests that carry an intent and the live rule group, and
 * moves them one step closer to agreement. A run that stops between any two steps is completed by the
 * next run — every step can be repeated:
 * <ol>
 *   <li>a pending head version whose targets are already live was applied by a run that stopped
 *       afterwards: mark it applied and finish its requests;</li>
 *   <li>live targets that differ from the last applied version are drift: record it, then enforce
 *       (write the intended targets back) or adopt (append the live targets as a new version);</li>
 *   <li>fold every request intent, in decision order, over the last applied targets; many intents make
 *       one version; a version that does not fit the rule group's capacity is refused;</li>
 *   <li>{@code UpdateRuleGroup} with the token from the describe, retried with jittered, bounded backoff
 *       on a token race;</li>
 *   <li>mark the version applied, then its requests ACTIVE (or REVOKED when a rollback in the same
 *       version removed their target), and revoke active grants whose target the version removed.</li>
 * </ol>
 * Requests keep their intent until step 5, so a version that never reached the firewall (superseded)
 * loses nothing: its intents are folded again into the next one.
 */
public final class Reconciler {

    /** Told when a step boundary is reached. Production passes {@link #NONE}; tests stop runs there. */
    @FunctionalInterface
    public interface Checkpoints {
        void reached(ReconcileStep step);
    }

    public static final Checkpoints NONE = step -> { };

    /** Waits between token-race retries; tests pass a recorder instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * Tunables, with production defaults from {@link #defaults()}, and the scope whose version log and rule group
     * the reconciler writes: it reads that scope's requests only, and an empty log starts in its initial mode.
     */
    public record Settings(DriftMode driftMode, int maxTokenAttempts, Duration backoffBase, Duration backoffMax,
                           String actor, ScopeName scope, ScopeMode initialMode) {
        public Settings {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(initialMode, "initialMode");
        }

        public static Settings defaults() {
            return new Settings(DriftMode.ENFORCE, 6, Duration.ofMillis(100), Duration.ofSeconds(3),
                    "system:reconciler", ScopeName.DEFAULT, ScopeMode.ENFORCE);
        }

        public Settings withDriftMode(DriftMode mode) {
            return new Settings(mode, maxTokenAttempts, backoffBase, backoffMax, actor, scope, initialMode);
        }

        public Settings withScope(ScopeName name, ScopeMode mode) {
            return new Settings(driftMode, maxTokenAttempts, backoffBase, backoffMax, actor, name, mode);
        }
    }

    private final VersionLog log;
    private final RequestRepository requests;
    private final AuditTrail audit;
    private final RuleGroupGateway ruleGroup;
    private final Clock clock;
    private final Settings settings;
    private final RuleGroupWrites writes;
    private final ScopeIntents scoped;
    private final Checkpoints checkpoints;

    public Reconciler(VersionLog log, RequestRepository requests, AuditTrail audit, RuleGroupGateway ruleGroup,
                      Clock clock, Settings settings, Sleeper sleeper, Random jitter, Checkpoints checkpoints) {
        this.log = log;
        this.requests = requests;
        this.audit = audit;
        this.ruleGroup = ruleGroup;
        this.clock = clock;
        this.settings = settings;
        this.writes = new RuleGroupWrites(ruleGroup, settings, sleeper, jitter);
        this.scoped = new ScopeIntents(requests, log, settings.scope());
        this.checkpoints = checkpoints;
    }

    /** The scope whose version log and rule group this reconciler writes. */
    public ScopeName scope() {
        return settings.scope();
    }

    /** One run. Throws {@link ReconcileException} (or an SDK exception) when it cannot finish; nothing is lost. */
    public ReconcileReport run() {
        Run run = new Run();
        LiveRuleGroup described = ruleGroup.describe();
        // Sorted once here: every comparison below is then a plain list equality.
        LiveRuleGroup live = described.withTargets(AllowlistVersion.sortedTargets(described.targets()));
        AllowlistVersion head = log.head().orElseGet(() -> startLog(live, run));
        AllowlistVersion lastApplied = head.isApplied() ? head : log.lastApplied()
                .orElseThrow(() -> new ReconcileException("the version log has no applied version"));

        if (!head.isApplied() && RuleGroupWrites.holds(head, live)) {
            lastApplied = completeApplied(head, lastApplied, run);
        }
        boolean pendingHead = !head.isApplied() && head.number() != lastApplied.number();
        if (!RuleGroupWrites.holds(lastApplied, live)) {
            VersionDiff drift = VersionDiff.between(lastApplied.targets(), live.targets());
            run.drift = Optional.of(drift);
            recordDrift(lastApplied, drift, live);
            if (settings.driftMode() == DriftMode.ADOPT) {
                if (pendingHead) {
                    log.markSuperseded(head.versionNumber());
                    pendingHead = false;
                }
                lastApplied = adoptLive(head.number() + 1, lastApplied, live, drift, run);
                head = lastApplied;
            }
        }

        List<AllowlistRequest> intents = scoped.intents();
        AllowlistVersion target = chooseTarget(head, pendingHead, lastApplied, intents, live, run);
        if (target == null) {
            return run.report();
        }
        if (!RuleGroupWrites.holds(target, live)) {
            writeRuleGroup(target, live, run);
        }
        checkpoints.reached(ReconcileStep.AFTER_RULE_GROUP_UPDATE);
        if (!target.isApplied()) {
            completeApplied(target, lastApplied, run);
        }
        return run.report();
    }

    /** Decides which version must be live at the end of this run; null when nothing needs doing. */
    private AllowlistVersion chooseTarget(AllowlistVersion head, boolean pendingHead, AllowlistVersion lastApplied,
                                          List<AllowlistRequest> intents, LiveRuleGroup live, Run run) {
        if (intents.isEmpty()) {
            if (pendingHead) {
                return head; // a version appended by a run that stopped before applying it
            }
            return RuleGroupWrites.holds(lastApplied, live) ? null : lastApplied; // enforce after drift
        }
        List<String> desired = scoped.fold(lastApplied.targets(), intents);
        ScopeMode desiredMode = VersionCauses.modeAfter(lastApplied.mode(), intents);
        List<RequestId> intentIds = intents.stream().map(AllowlistRequest::id).toList();
        if (pendingHead && head.targets().equals(desired) && head.mode() == desiredMode
                && head.cause().requestIds().containsAll(intentIds)) {
            return head;
        }
        if (pendingHead) {
            log.markSuperseded(head.versionNumber());
        }
        if (desired.equals(lastApplied.targets()) && desiredMode == lastApplied.mode()) {
            // Every intent is already reflected (a target that is already allowed, a removal of an absent one):
            // no new version; the requests are finished against the version that is live.
            intents.forEach(request -> finish(request, lastApplied, run));
            return RuleGroupWrites.holds(lastApplied, live) ? null : lastApplied;
        }
        checkCapacity(desired, live, desiredMode);
        AllowlistVersion version = AllowlistVersion.create(head.number() + 1, lastApplied.number(), desired,
                VersionCauses.causeOf(intents, lastApplied.mode()),
                VersionCauses.actorOf(intents, settings.actor()), clock.instant(), desiredMode);
        if (!log.append(version)) {
            throw new ReconcileException("version " + version.number() + " was appended by another writer;"
                    + " only one reconciler may run at a time (the writer lease). The next run continues.");
        }
        run.created = Optional.of(version);
        record(AuditEvent.versionCreated(version, version.diffFrom(lastApplied), clock.instant()));
        checkpoints.reached(ReconcileStep.AFTER_VERSION_APPEND);
        markApplying(intents, version);
        checkpoints.reached(ReconcileStep.AFTER_REQUESTS_MARKED_APPLYING);
        return version;
    }

    private void checkCapacity(List<String> desired, LiveRuleGroup live, ScopeMode mode) {
        long needed = live.capacityNeeded(desired.size(), mode);
        if (needed > live.capacity()) {
            record(AuditEvent.capacityRefused(desired, needed, live.capacity(), by(), clock.instant()));
            throw new CapacityExceededException(desired.size(), (int) Math.min(Integer.MAX_VALUE, needed), live.capacity());
        }
    }

    private void writeRuleGroup(AllowlistVersion target, LiveRuleGroup live, Run run) {
        run.updateCalls += writes.write(target, live);
    }

    /** Marks a version applied and finishes its requests; safe to repeat. */
    private AllowlistVersion completeApplied(AllowlistVersion version, AllowlistVersion knownParent, Run run) {
        Instant now = clock.instant();
        if (log.markApplied(version.versionNumber(), now)) {
            record(AuditEvent.versionApplied(version, by(), now));
        }
        AllowlistVersion applied = version.markedApplied(now);
        run.applied = Optional.of(applied);
        checkpoints.reached(ReconcileStep.BEFORE_REQUESTS_MARKED_ACTIVE);
        finishRequests(applied, knownParent, run);
        return applied;
    }

    private void finishRequests(AllowlistVersion version, AllowlistVersion knownParent, Run run) {
        for (RequestId id : version.cause().requestIds()) {
            requests.find(id).filter(r -> r.intent() != null).ifPresent(request -> finish(request, version, run));
        }
        if (version.parent() == null) {
            return;
        }
        Optional<AllowlistVersion> parent = knownParent != null && knownParent.number() == version.parent()
                ? Optional.of(knownParent) : log.find(new VersionNumber(version.parent()));
        parent.ifPresent(p -> revokeRemoved(p, version, run));
    }

    private void finish(AllowlistRequest request, AllowlistVersion version, Run run) {
        Instant now = clock.instant();
        if (request.mode() != null) {
            transition(request, Change.from(RequestStatus.APPROVED, RequestStatus.APPLYING).to(RequestStatus.ACTIVE, now)
                    .version(version.versionNumber()).clearIntent(), "MODE_APPLIED", version, run.activated);
            return;
        }
        switch (request.intent()) {
            case ADD -> {
                if (version.contains(request.target().value())) {
                    Instant expiresAt = request.grantDuration() == null ? null : now.plus(request.grantDuration());
                    Change change = Change.from(RequestStatus.APPROVED, RequestStatus.APPLYING)
                            .to(RequestStatus.ACTIVE, now).version(version.versionNumber()).clearIntent();
                    transition(request, expiresAt == null ? change : change.expiresAt(expiresAt), "REQUEST_ACTIVATED",
                            version, run.activated);
                } else {
                    transition(request, Change.from(RequestStatus.APPROVED, RequestStatus.APPLYING)
                            .to(RequestStatus.REVOKED, now).version(version.versionNumber()).clearIntent()
                            .note(AllowlistRequest.REMOVED_NOTE + "by a rollback applied in the same version"),
                            "REQUEST_REVOKED", version, run.revoked);
                }
            }
            case ROLLBACK -> transition(request, Change.from(RequestStatus.APPROVED, RequestStatus.APPLYING)
                    .to(RequestStatus.ACTIVE, now).version(version.versionNumber()).clearIntent(), "ROLLBACK_APPLIED",
                    version, run.activated);
            case REMOVE -> {
                if (!stillToRemove(request, version)) {
                    transition(request, Change.from(RequestStatus.EXPIRED, RequestStatus.REVOKED).at(now)
                            .clearIntent(), "REQUEST_REMOVED_FROM_FIREWALL", version, new ArrayList<>());
                }
            }
        }
    }

    /**
     * A request revoked after a version carrying its target was appended: that version (applied now) still holds
     * the target, which no other grant holds, so the intent stays for the next version to remove it.
     */
    private boolean stillToRemove(AllowlistRequest request, AllowlistVersion version) {
        return version.contains(request.target().value()) && scoped.activeFor(request.target()).stream()
                .allMatch(other -> other.id().equals(request.id()));
    }

    /** Active grants whose target this version removed (a rollback, an adopted drift) are revoked. */
    private void revokeRemoved(AllowlistVersion parent, AllowlistVersion version, Run run) {
        for (String removed : version.diffFrom(parent).removed()) {
            for (AllowlistRequest active : scoped.activeFor(new FirewallTarget(removed))) {
                transition(active, Change.from(RequestStatus.ACTIVE).to(RequestStatus.REVOKED, clock.instant())
                        .note(AllowlistRequest.REMOVED_NOTE + "from the allow-list by version " + version.number()
                                + " (" + version.cause().describe() + ")"), "REQUEST_REVOKED", version, run.revoked);
            }
        }
    }

    private void transition(AllowlistRequest request, Change change, String action, AllowlistVersion version,
                            List<RequestId> collected) {
        requests.change(request.id(), change).changed().ifPresent(after -> {
            collected.add(request.id());
            audit.record(AuditEvent.requestMovedBy(request, action, version, after.status(), by(), clock.instant()));
        });
    }

    private void markApplying(List<AllowlistRequest> intents, AllowlistVersion version) {
        for (AllowlistRequest request : intents) {
            if (request.intent() == Intent.ADD || request.intent() == Intent.ROLLBACK || request.mode() != null) {
                requests.change(request.id(), Change.from(RequestStatus.APPROVED, RequestStatus.APPLYING)
                        .to(RequestStatus.APPLYING, clock.instant()).version(version.versionNumber()));
            }
        }
    }

    /**
     * An empty log starts with the rule group as found (version 1, applied); when the scope is to start in another
     * mode, version 2 (the same entries in the scope's initial mode) follows, for this run to write.
     */
    private AllowlistVersion startLog(LiveRuleGroup live, Run run) {
        Instant now = clock.instant();
        AllowlistVersion baseline = AllowlistVersion.create(1, null, live.targets(), VersionCause.baseline(),
                settings.actor(), now, RuleGroupWrites.modeOf(live)).markedApplied(now);
        if (!log.append(baseline)) {
            return log.head().orElseThrow();
        }
        record(AuditEvent.versionBaseline(baseline, by(), now));
        if (baseline.mode() == settings.initialMode()) {
            return baseline;
        }
        AllowlistVersion initial = AllowlistVersion.create(2, 1L, live.targets(), VersionCauses.initialMode(
                settings.initialMode()), settings.actor(), now, settings.initialMode());
        if (!log.append(initial)) {
            return log.head().orElseThrow();
        }
        run.created = Optional.of(initial);
        record(AuditEvent.versionCreated(initial, initial.diffFrom(baseline), now));
        return initial;
    }

    private AllowlistVersion adoptLive(long number, AllowlistVersion lastApplied, LiveRuleGroup live, VersionDiff drift,
                                       Run run) {
        Instant now = clock.instant();
        AllowlistVersion adopted = AllowlistVersion.create(number, lastApplied.number(), live.targets(),
                VersionCause.drift("added " + drift.added() + ", removed " + drift.removed()
                        + VersionCauses.modeDrift(lastApplied, RuleGroupWrites.modeOf(live))), settings.actor(), now,
                RuleGroupWrites.modeOf(live)).markedApplied(now);
        if (!log.append(adopted)) {
            throw new ReconcileException("version " + number + " was appended by another writer while adopting drift");
        }
        run.created = Optional.of(adopted);
        record(AuditEvent.driftAdopted(adopted.versionNumber(), drift, by(), now));
        revokeRemoved(lastApplied, adopted, run);
        return adopted;
    }

    /** {@code live} holds the drifted content already sorted: its hash (and a mode it differs in) names the drift. */
    private void recordDrift(AllowlistVersion lastApplied, VersionDiff drift, LiveRuleGroup live) {
        ScopeMode liveMode = RuleGroupWrites.modeOf(live);
        String liveHash = AllowlistVersion.contentHash(live.targets())
                + (liveMode == lastApplied.mode() ? "" : ":" + liveMode.label());
        record(AuditEvent.driftDetected(lastApplied, liveHash, drift, settings.driftMode().name(), by(),
                clock.instant()));
    }

    /** Records an event of this scope's log under its scope's id ({@link AuditEvent#ofScopeLog}). */
    private void record(AuditEvent event) {
        audit.record(event.ofScopeLog(settings.scope()));
    }

    private AuditEvent.By by() {
        return AuditEvent.By.system(settings.actor());
    }

    /** Mutable bookkeeping of one run. */
    private static final class Run {
        Optional<AllowlistVersion> created = Optional.empty();
        Optional<AllowlistVersion> applied = Optional.empty();
        Optional<VersionDiff> drift = Optional.empty();
        final List<RequestId> activated = new ArrayList<>();
        final List<RequestId> revoked = new ArrayList<>();
        int updateCalls;

        ReconcileReport report() {
            return new ReconcileReport(created, applied, drift, activated, revoked, updateCalls);
        }
    }
}
