package io.egressallowlist.shared.events;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.FirewallSyncCheck;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionDiff;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The events the control plane publishes on its bus (ARCHITECTURE §7), one record per kind. Each turns
 * itself into its detail type ({@link EventTypes}) and its detail: a flat map of ids and facts, never
 * secrets or tokens. The detail is the contract consumers' rules match on, so its keys do not change.
 *
 * <p>Every event about a request or a version names its scope ({@link #SCOPE}) unless it is {@code default}: a
 * deployment without scopes publishes the details it did before; a consumer reads no scope as {@code default}.
 */
public sealed interface AllowlistEvent {

    /**
     * Lists of ids and targets are cut at this many, and {@code <key>Truncated} says so (the log or the audit
     * trail has the rest): it keeps an event within PutEvents' 256 KB even for a 15,000-entry drift.
     */
    int MAX_LISTED = 200;

    /** The detail key of the scope an event concerns; absent for {@link ScopeName#DEFAULT}. */
    String SCOPE = "scope";

    String detailType();

    /** The detail, its keys in the order the event puts them. */
    default Map<String, Object> detail() {
        Map<String, Object> detail = new LinkedHashMap<>();
        putDetail(detail);
        return detail;
    }

    /** Puts this event's ids and facts into its detail. */
    void putDetail(Map<String, Object> detail);

    /** What a {@link EventPublisher} sends. */
    default EventPublisher.Event toEvent() {
        return new EventPublisher.Event(detailType(), detail());
    }

    /**
     * A request was stored, decided, withdrawn, renewed or revoked: {@code requestId}, {@code kind}, {@code target},
     * {@code mode} or {@code rollbackTo}, {@code status}, and who did it and the new expiry when given.
     */
    record RequestChanged(String detailType, AllowlistRequest request, Optional<String> actor,
                          Optional<Instant> expiresAt) implements AllowlistEvent {
        private static final Set<String> TYPES = Set.of(EventTypes.REQUEST_SUBMITTED, EventTypes.REQUEST_APPROVED,
                EventTypes.REQUEST_DENIED, EventTypes.REQUEST_WITHDRAWN, EventTypes.ROLLBACK_REQUESTED,
                EventTypes.ROLLBACK_APPROVED, EventTypes.GRANT_RENEWED, EventTypes.REQUEST_REVOKED);

        public RequestChanged {
            if (!TYPES.contains(detailType)) {
                throw new IllegalArgumentException("not an event about a request: " + detailType);
            }
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        /** The event without an actor or a new expiry (the request itself says who asked). */
        public static RequestChanged of(String detailType, AllowlistRequest request) {
            return new RequestChanged(detailType, request, Optional.empty(), Optional.empty());
        }

        @Override
        public void putDetail(Map<String, Object> detail) {
            detail.put("requestId", request.id().value());
            detail.put("kind", request.kind().name());
            switch (request.kind()) {
                case DOMAIN -> detail.put("target", request.target().value());
                case ROLLBACK -> detail.put("rollbackTo", request.rollbackTo().value());
                case MODE -> detail.put("mode", request.mode().label());
            }
            detail.put("status", request.status().name());
            putScope(detail, request.scope());
            actor.ifPresent(by -> detail.put("actor", by));
            expiresAt.ifPresent(at -> detail.put("expiresAt", at.toString()));
        }
    }

    /** A grant ended and its entry is to be removed: past its expiry, or unused. */
    record GrantExpired(AllowlistRequest grant, Reason reason) implements AllowlistEvent {
        public enum Reason { EXPIRED, UNUSED }

        public GrantExpired {
            Objects.requireNonNull(grant, "grant");
            Objects.requireNonNull(reason, "reason");
        }

        @Override public String detailType() { return EventTypes.GRANT_EXPIRED; }

        @Override
        public void putDetail(Map<String, Object> detail) {
            detail.put("requestId", grant.id().value());
            detail.put("target", grant.target().value());
            detail.put("reason", reason.name());
            if (grant.expiresAt() != null) {
                detail.put("expiresAt", grant.expiresAt().toString());
            }
            putScope(detail, grant.scope());
        }
    }

    /** The reconciler of {@code scope} appended a version to its log. */
    record VersionCreated(AllowlistVersion version, ScopeName scope) implements AllowlistEvent {
        public VersionCreated {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(scope, "scope");
        }

        /** A version of {@link ScopeName#DEFAULT}. */
        public VersionCreated(AllowlistVersion version) {
            this(version, ScopeName.DEFAULT);
        }

        @Override public String detailType() { return EventTypes.VERSION_CREATED; }

        @Override
        public void putDetail(Map<String, Object> detail) {
            detail.put("version", version.number());
            if (version.parent() != null) {
                detail.put("parent", version.parent());
            }
            detail.put("cause", version.cause().type().name());
            detail.put("targets", version.targets().size());
            detail.put("sha256", version.sha256());
            detail.put("actor", version.actor());
            putList(detail, "requestIds", ids(version.cause().requestIds()));
            putScope(detail, scope);
        }
    }

    /**
     * A version is on the firewall, with what it changed, the requests it activated and revoked, and, when
     * the firewall was asked, whether its endpoints run it yet.
     */
    record VersionApplied(AllowlistVersion version, VersionDiff change, List<RequestId> activated,
                          List<RequestId> revoked, Optional<FirewallSyncCheck.Outcome> firewallSync, ScopeName scope)
            implements AllowlistEvent {
        public VersionApplied {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(change, "change");
            activated = List.copyOf(activated);
            revoked = List.copyOf(revoked);
            Objects.requireNonNull(firewallSync, "firewallSync");
            Objects.requireNonNull(scope, "scope");
        }

        /** A version of {@link ScopeName#DEFAULT}. */
        public VersionApplied(AllowlistVersion version, VersionDiff change, List<RequestId> activated,
                              List<RequestId> revoked, Optional<FirewallSyncCheck.Outcome> firewallSync) {
            this(version, change, activated, revoked, firewallSync, ScopeName.DEFAULT);
        }

        @Override public String detailType() { return EventTypes.VERSION_APPLIED; }

        @Override
        public void putDetail(Map<String, Object> detail) {
            detail.put("version", version.number());
            if (version.parent() != null) {
                detail.put("parent", version.parent());
            }
            detail.put("added", change.added().size());
            detail.put("removed", change.removed().size());
            detail.put("targets", version.targets().size());
            detail.put("sha256", version.sha256());
            putList(detail, "requestIds", ids(version.cause().requestIds()));
            putList(detail, "activated", ids(activated));
            putList(detail, "revoked", ids(revoked));
            firewallSync.ifPresent(outcome -> detail.put("firewallSync", outcome.name()));
            putScope(detail, scope);
        }
    }

    /** The live rule group differed from the last applied version; {@code mode} is the drift mode that acted. */
    record DriftDetected(VersionDiff drift, String mode, ScopeName scope) implements AllowlistEvent {
        public DriftDetected {
            Objects.requireNonNull(drift, "drift");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(scope, "scope");
        }

        /** Drift of {@link ScopeName#DEFAULT}'s rule group. */
        public DriftDetected(VersionDiff drift, String mode) {
            this(drift, mode, ScopeName.DEFAULT);
        }

        @Override public String detailType() { return EventTypes.DRIFT_DETECTED; }

        @Override
        public void putDetail(Map<String, Object> detail) {
            putList(detail, "added", drift.added());
            putList(detail, "removed", drift.removed());
            detail.put("addedCount", drift.added().size());
            detail.put("removedCount", drift.removed().size());
            detail.put("mode", mode);
            putScope(detail, scope);
        }
    }

    /**
     * The reconciler failed. A capacity failure is not retried (nothing changes until entries are removed) and
     * carries the capacity needed and available; any other failure is retried by Lambda.
     *
     * @param message cut at {@link #MAX_MESSAGE} characters
     */
    record ReconcileFailed(String reason, String message, Optional<Capacity> capacity, ScopeName scope)
            implements AllowlistEvent {
        public static final String CAPACITY_EXCEEDED = "CAPACITY_EXCEEDED";
        public static final String RECONCILE_FAILED = "RECONCILE_FAILED";
        public static final int MAX_MESSAGE = 500;

        /** What the allow-list would need, and what the rule group has (fixed when it was created). */
        public record Capacity(int needed, int available) { }

        public ReconcileFailed {
            Objects.requireNonNull(reason, "reason");
            message = message == null ? "" : message.length() <= MAX_MESSAGE ? message
                    : message.substring(0, MAX_MESSAGE) + "…";
            Objects.requireNonNull(capacity, "capacity");
            Objects.requireNonNull(scope, "scope");
        }

        public static ReconcileFailed capacityExceeded(String message, int needed, int available) {
            return new ReconcileFailed(CAPACITY_EXCEEDED, message, Optional.of(new Capacity(needed, available)),
                    ScopeName.DEFAULT);
        }

        public static ReconcileFailed retried(String message) {
            return new ReconcileFailed(RECONCILE_FAILED, message, Optional.empty(), ScopeName.DEFAULT);
        }

        /** This failure, of {@code other}'s reconcile. */
        public ReconcileFailed inScope(ScopeName other) {
            return new ReconcileFailed(reason, message, capacity, other);
        }

        public boolean isRetried() {
            return capacity.isEmpty();
        }

        @Override public String detailType() { return EventTypes.RECONCILE_FAILED; }

        @Override
        public void putDetail(Map<String, Object> detail) {
            detail.put("reason", reason);
            detail.put("message", message);
            detail.put("retried", isRetried());
            capacity.ifPresent(full -> {
                detail.put("neededCapacity", full.needed());
                detail.put("capacity", full.available());
            });
            putScope(detail, scope);
        }
    }

    /**
     * Entries saw no traffic from {@code observedFrom} to {@code observedTo}, by the analysis reports named;
     * {@code removed} are those whose grants this run expired. {@code action} is what was done (FLAG or REMOVE),
     * {@code configuredAction} what was asked for: evidence too old to remove on only flags.
     */
    record StaleEntriesFound(List<String> targets, List<String> removed, String action, String configuredAction,
                             Instant observedFrom, Instant observedTo, List<String> reportIds, ScopeName scope)
            implements AllowlistEvent {
        /** Entries of {@link ScopeName#DEFAULT}. */
        public StaleEntriesFound(List<String> targets, List<String> removed, String action, String configuredAction,
                                 Instant observedFrom, Instant observedTo, List<String> reportIds) {
            this(targets, removed, action, configuredAction, observedFrom, observedTo, reportIds, ScopeName.DEFAULT);
        }

        public StaleEntriesFound {
            targets = List.copyOf(targets);
            removed = List.copyOf(removed);
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(configuredAction, "configuredAction");
            Objects.requireNonNull(observedFrom, "observedFrom");
            Objects.requireNonNull(observedTo, "observedTo");
            reportIds = List.copyOf(reportIds);
            Objects.requireNonNull(scope, "scope");
        }

        @Override public String detailType() { return EventTypes.STALE_ENTRIES_FOUND; }

        @Override
        public void putDetail(Map<String, Object> detail) {
            detail.put("targets", targets);
            detail.put("removed", removed);
            detail.put("action", action);
            detail.put("configuredAction", configuredAction);
            detail.put("observedFrom", observedFrom.toString());
            detail.put("observedTo", observedTo.toString());
            detail.put("reportIds", reportIds);
            putScope(detail, scope);
        }
    }

    /**
     * A Studio domain's traffic can bypass the firewall, for the {@code reasons} given (stable codes) and
     * explained in {@code message}; {@code observed} is what DescribeDomain said, empty when the domain could
     * not be read.
     */
    record StudioDomainNoncompliant(String domainId, List<String> reasons, String message,
                                    Optional<Observed> observed, List<String> protectedSubnetIds)
            implements AllowlistEvent {

        /** The domain's network settings as read; {@code appNetworkAccessType} and {@code lastModified} may be null. */
        public record Observed(String appNetworkAccessType, List<String> subnetIds, Instant lastModified) {
            public Observed {
                subnetIds = List.copyOf(subnetIds);
            }
        }

        public StudioDomainNoncompliant {
            Objects.requireNonNull(domainId, "domainId");
            reasons = List.copyOf(reasons);
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(observed, "observed");
            protectedSubnetIds = List.copyOf(protectedSubnetIds);
        }

        @Override public String detailType() { return EventTypes.STUDIO_DOMAIN_NONCOMPLIANT; }

        @Override
        public void putDetail(Map<String, Object> detail) {
            detail.put("domainId", domainId);
            detail.put("reasons", reasons);
            detail.put("message", message);
            observed.ifPresent(domain -> {
                if (domain.appNetworkAccessType() != null) {
                    detail.put("appNetworkAccessType", domain.appNetworkAccessType());
                }
                detail.put("subnetIds", domain.subnetIds());
                if (domain.lastModified() != null) {
                    detail.put("lastModifiedTime", domain.lastModified().toString());
                }
            });
            detail.put("protectedSubnetIds", protectedSubnetIds);
        }
    }

    /**
     * A way around the firewall in the VPC's configuration ({@code studio-guard}): {@code resourceId} (a subnet or
     * an endpoint) fails for {@code reason}, explained in {@code message}; {@code observed} is what was seen.
     */
    record NetworkPostureNoncompliant(String vpcId, String resourceId, String reason, String message, String observed)
            implements AllowlistEvent {
        public NetworkPostureNoncompliant {
            Objects.requireNonNull(vpcId, "vpcId");
            Objects.requireNonNull(resourceId, "resourceId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(observed, "observed");
        }

        @Override public String detailType() { return EventTypes.NETWORK_POSTURE_NONCOMPLIANT; }

        @Override
        public void putDetail(Map<String, Object> detail) {
            detail.put("vpcId", vpcId);
            detail.put("resourceId", resourceId);
            detail.put("reason", reason);
            detail.put("message", message);
            detail.put("observed", observed);
        }
    }

    /** The scope, unless it is {@link ScopeName#DEFAULT} (see the class comment). */
    private static void putScope(Map<String, Object> detail, ScopeName scope) {
        if (!scope.isDefault()) {
            detail.put(SCOPE, scope.value());
        }
    }

    private static List<String> ids(List<RequestId> ids) {
        return ids.stream().map(RequestId::value).toList();
    }

    private static void putList(Map<String, Object> detail, String key, List<String> values) {
        detail.put(key, values.size() <= MAX_LISTED ? values : values.subList(0, MAX_LISTED));
        if (values.size() > MAX_LISTED) {
            detail.put(key + "Truncated", true);
        }
    }
}
