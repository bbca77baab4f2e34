package io.egressallowlist.shared.cleanup;

import io.egressallowlist.shared.domain.TrafficEvidence;
import io.egressallowlist.shared.domain.TrafficAnalysis;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.events.AllowlistEvent;
import io.egressallowlist.shared.events.AllowlistEvent.GrantExpired;
import io.egressallowlist.shared.events.AllowlistEvent.StaleEntriesFound;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.notify.Notifier;
import io.egressallowlist.shared.requests.RequestService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The daily cleanup (ARCHITECTURE §3, {@code stale-cleanup}): expire requests left undecided and grants
 * past their expiry, remind requesters before a grant expires, and find entries with no traffic. It
 * changes requests only (through {@link RequestService}) and never touches the firewall: an expiry sets
 * a removal intent and {@code Grant Expired} wakes the reconciler, whose schedule also picks the intent
 * up if the event is lost.
 *
 * <p>Expiries and reminders cover every scope's requests (each expiry sets a removal intent in its own scope, for
 * that scope's reconciler). Entries are judged per scope: each scope's version log says what was live throughout the
 * window, and a stale entry expires that scope's grants only.
 *
 * <p>Every step can be repeated: expiries are conditional on the status, and each reminder and each
 * stale finding is claimed once in the audit trail under a deterministic id before anyone is told.
 * Events are published at the end, after every state change; if publishing fails the run fails (so
 * operators see it), and a rerun does not repeat what was done.
 */
public final class CleanupService {

    /**
     * @param reminderBefore       remind this long before a grant expires ({@code REMINDER_BEFORE})
     * @param staleAfter           an entry with no traffic for this long is stale ({@code STALE_AFTER})
     * @param staleAction          flag or remove ({@code STALE_ACTION})
     * @param removalEvidenceMaxAge entries are removed only on evidence at most this old; older evidence (a
     *                             reused report: one report per traffic type per 30 days) only flags, because
     *                             traffic after the report ended is unknown
     */
    public record Settings(Duration reminderBefore, Duration staleAfter, StaleAction staleAction,
                           Duration removalEvidenceMaxAge) {
        public Settings {
            Objects.requireNonNull(reminderBefore, "reminderBefore");
            Objects.requireNonNull(staleAfter, "staleAfter");
            Objects.requireNonNull(staleAction, "staleAction");
            Objects.requireNonNull(removalEvidenceMaxAge, "removalEvidenceMaxAge");
        }

        public static Settings of(Duration reminderBefore, Duration staleAfter, StaleAction staleAction) {
            return new Settings(reminderBefore, staleAfter, staleAction, Duration.ofDays(2));
        }
    }

    private static final String ACTOR = "system:cleanup";

    private final RequestService requestService;
    private final RequestRepository requests;
    private final Map<ScopeName, VersionLog> versions;
    private final AuditTrail audit;
    private final Optional<TrafficAnalysis> traffic;
    private final EventPublisher events;
    private final Notifier notifier;
    private final Clock clock;
    private final Settings settings;

    /** The cleanup of a deployment with one list, {@link ScopeName#DEFAULT}, whose log is {@code versions}. */
    public CleanupService(RequestService requestService, RequestRepository requests, VersionLog versions,
                          AuditTrail audit, Optional<TrafficAnalysis> traffic, EventPublisher events,
                          Notifier notifier, Clock clock, Settings settings) {
        this(requestService, requests, Map.of(ScopeName.DEFAULT, versions), audit, traffic, events, notifier, clock,
                settings);
    }

    /**
     * @param versions each scope's version log, in declaration order
     * @param traffic  empty when no firewall is configured for traffic analysis ({@code FIREWALL_NAME})
     */
    public CleanupService(RequestService requestService, RequestRepository requests, Map<ScopeName, VersionLog> versions,
                          AuditTrail audit, Optional<TrafficAnalysis> traffic, EventPublisher events,
                          Notifier notifier, Clock clock, Settings settings) {
        this.requestService = requestService;
        this.requests = requests;
        this.versions = new LinkedHashMap<>(versions);
        this.audit = audit;
        this.traffic = traffic;
        this.events = events;
        this.notifier = notifier;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * One run.
     *
     * @throws EventPublisher.EventPublishException after every state change, when events could not be published
     */
    public CleanupReport run() {
        List<AllowlistEvent> toPublish = new ArrayList<>();

        List<AllowlistRequest> expiredPending = requestService.expirePending();
        expiredPending.forEach(notifier::requestDecided);

        List<AllowlistRequest> expiredGrants = requestService.expireGrants();
        for (AllowlistRequest grant : expiredGrants) {
            notifier.requestDecided(grant);
            toPublish.add(new GrantExpired(grant, GrantExpired.Reason.EXPIRED));
        }

        List<String> reminded = remind();
        StaleCheck stale = checkStale(toPublish);

        if (!toPublish.isEmpty()) {
            events.publishAll(toPublish);
        }
        return new CleanupReport(ids(expiredPending), ids(expiredGrants), reminded, stale.stale, stale.removed,
                stale.newlyFlagged, stale.skipped);
    }

    /** Each grant is reminded once per expiry date: a renewal moves the date and earns a new reminder. */
    private List<String> remind() {
        List<String> reminded = new ArrayList<>();
        for (AllowlistRequest grant : requestService.expiringWithin(settings.reminderBefore())) {
            boolean first = audit.record(AuditEvent.expiryReminderSent(grant, AuditEvent.By.schedule(ACTOR),
                    clock.instant()));
            if (first) {
                notifier.grantExpiringSoon(grant);
                reminded.add(grant.id().value());
            }
        }
        return reminded;
    }

    private StaleCheck checkStale(List<AllowlistEvent> toPublish) {
        if (traffic.isEmpty()) {
            return StaleCheck.skipped("no firewall is configured for traffic analysis (FIREWALL_NAME)");
        }
        return traffic.get().latest().match(new TrafficEvidence.Cases<>(observed -> checkScopes(observed, toPublish),
                unavailable -> StaleCheck.skipped(unavailable.reason())));
    }

    /** Each scope's entries on the same evidence (one firewall's traffic); the report names a scope's entries. */
    private StaleCheck checkScopes(TrafficEvidence.Observed observed, List<AllowlistEvent> toPublish) {
        if (versions.size() == 1) {
            Map.Entry<ScopeName, VersionLog> only = versions.entrySet().iterator().next();
            return checkStale(only.getKey(), only.getValue(), observed, toPublish);
        }
        StaleCheck all = new StaleCheck(List.of(), List.of(), List.of(), Optional.empty());
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<ScopeName, VersionLog> scope : versions.entrySet()) {
            StaleCheck one = checkStale(scope.getKey(), scope.getValue(), observed, toPublish);
            one.skipped().ifPresent(reason -> skipped.add(scope.getKey() + ": " + reason));
            all = all.and(scope.getKey(), one);
        }
        return skipped.isEmpty() ? all : new StaleCheck(all.stale, all.removed, all.newlyFlagged,
                Optional.of(String.join("; ", skipped)));
    }

    private StaleCheck checkStale(ScopeName scope, VersionLog log, TrafficEvidence.Observed observed,
                                  List<AllowlistEvent> toPublish) {
        Instant since = observed.to().minus(settings.staleAfter());
        if (since.isBefore(observed.from())) {
            return StaleCheck.skipped("STALE_AFTER " + settings.staleAfter() + " is longer than the traffic evidence,"
                    + " which covers " + observed.from() + " to " + observed.to() + " (an analysis report covers the 30"
                    + " days before it was made, and the two traffic types' reports are made apart); choose a shorter"
                    + " STALE_AFTER");
        }
        Optional<Set<String>> live = LiveTargets.throughout(log, since);
        if (live.isEmpty()) {
            return StaleCheck.skipped("the version log does not reach back to " + since
                    + "; entries are judged once the control plane has watched them for " + settings.staleAfter());
        }
        Set<String> judged = new java.util.TreeSet<>(live.get());
        judged.removeAll(leaving(scope));
        List<String> stale = StaleEntries.withoutTrafficSince(judged, observed.lastSeen(), since);
        if (stale.isEmpty()) {
            return new StaleCheck(stale, List.of(), List.of(), Optional.empty());
        }
        boolean mayRemove = settings.staleAction() == StaleAction.REMOVE
                && !observed.to().isBefore(clock.instant().minus(settings.removalEvidenceMaxAge()));
        List<String> removedGrants = new ArrayList<>();
        List<String> removedTargets = new ArrayList<>();
        if (mayRemove) {
            for (String target : stale) {
                for (AllowlistRequest grant : requests.activeFor(scope, new FirewallTarget(target))) {
                    Optional<AllowlistRequest> expired = requestService.expireUnusedGrant(grant.id(),
                            unusedEvidence(target, observed, since));
                    if (expired.isPresent()) {
                        removedGrants.add(grant.id().value());
                        removedTargets.add(target);
                        notifier.requestDecided(expired.get());
                        toPublish.add(new GrantExpired(expired.get(), GrantExpired.Reason.UNUSED));
                    }
                }
            }
        }
        List<String> newlyFlagged = claimFindings(scope, stale, observed);
        if (!newlyFlagged.isEmpty()) {
            List<String> flaggedOnly = newlyFlagged.stream().filter(t -> !removedTargets.contains(t)).toList();
            List<String> removedNow = newlyFlagged.stream().filter(removedTargets::contains).toList();
            if (!removedNow.isEmpty()) {
                notifier.staleEntries(removedNow, true);
            }
            if (!flaggedOnly.isEmpty()) {
                notifier.staleEntries(flaggedOnly, false);
            }
            toPublish.add(new StaleEntriesFound(newlyFlagged, removedNow,
                    (mayRemove ? StaleAction.REMOVE : StaleAction.FLAG).name(), settings.staleAction().name(), since,
                    observed.to(), observed.reportIds(), scope));
        }
        return new StaleCheck(stale, removedGrants, newlyFlagged, Optional.empty());
    }

    /**
     * Why {@code target} counts as unused, with the dates that show it: when traffic to it was last seen, or that it
     * was not seen at all in the evidence (which starts at {@code observed.from()}); never the grant's own expiry.
     */
    static String unusedEvidence(String target, TrafficEvidence.Observed observed, Instant since) {
        String seen = StaleEntries.lastUse(target, observed.lastSeen())
                .map(at -> "last seen " + at)
                .orElseGet(() -> "not seen at all since " + observed.from() + ", where the traffic evidence starts");
        return "no traffic to " + target + " since " + since + " (" + seen + "; analysis reports "
                + String.join(", ", observed.reportIds()) + ", up to " + observed.to() + ")";
    }

    /** Targets already on their way out of the scope: a removal intent is pending and no other grant holds them. */
    private Set<String> leaving(ScopeName scope) {
        return requests.withIntent(scope).stream()
                .filter(request -> request.intent() == Intent.REMOVE && request.target() != null)
                .map(AllowlistRequest::target)
                .filter(target -> requests.activeFor(scope, target).isEmpty())
                .map(FirewallTarget::value)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Each stale entry is reported once per body of evidence (the same reports reused day after day say nothing new). */
    private List<String> claimFindings(ScopeName scope, List<String> stale, TrafficEvidence.Observed observed) {
        String evidenceKey = String.join("+", observed.reportIds());
        List<String> fresh = new ArrayList<>();
        for (String target : stale) {
            if (audit.record(AuditEvent.staleEntryFound(evidenceKey, target, observed.to(), AuditEvent.By.schedule(ACTOR),
                    clock.instant()).ofScopeLog(scope))) {
                fresh.add(target);
            }
        }
        return fresh;
    }

    private static List<String> ids(List<AllowlistRequest> requests) {
        return requests.stream().map(request -> request.id().value()).toList();
    }

    private record StaleCheck(List<String> stale, List<String> removed, List<String> newlyFlagged,
                              Optional<String> skipped) {
        static StaleCheck skipped(String reason) {
            return new StaleCheck(List.of(), List.of(), List.of(), Optional.of(reason));
        }

        /** This check and {@code scope}'s; a scope's entries read {@code <scope>:<entry>}, default's as they are. */
        StaleCheck and(ScopeName scope, StaleCheck other) {
            return new StaleCheck(concat(stale, named(scope, other.stale)), concat(removed, other.removed),
                    concat(newlyFlagged, named(scope, other.newlyFlagged)), skipped);
        }

        private static List<String> named(ScopeName scope, List<String> targets) {
            return scope.isDefault() ? targets : targets.stream().map(target -> scope.value() + ":" + target).toList();
        }

        private static List<String> concat(List<String> first, List<String> second) {
            List<String> both = new ArrayList<>(first);
            both.addAll(second);
            return both;
        }
    }
}
