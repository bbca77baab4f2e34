package io.egressallowlist.shared.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable entry of the audit trail: who did what, when, through what, from where.
 *
 * <p>Made by the named factories below, which own the event-id conventions: an id is deterministic for
 * a state change ({@code <requestId>:APPROVED}, {@code version:<n>:APPLIED}), so a retried or duplicated
 * delivery records the change once ({@link AuditTrail#record}). The canonical constructor is for reading
 * stored events back.
 *
 * @param eventId   unique and deterministic for a state change
 * @param at        when it happened
 * @param actor     who (IAM ARN, {@code slack:U…}, {@code system:<component>})
 * @param action    what, e.g. {@code REQUEST_CREATED}, {@code REQUEST_APPROVED}, {@code VERSION_APPLIED}
 * @param via       the channel
 * @param sourceIp  the caller's address where known
 * @param requestId the request concerned, if any
 * @param version   the version concerned, if any
 * @param details   small extra facts (target, reason…); never secrets
 */
public record AuditEvent(String eventId, Instant at, String actor, String action, Channel via, String sourceIp,
                         RequestId requestId, VersionNumber version, Map<String, String> details) {
    public AuditEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(via, "via");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** {@link #details()} key of the scope an event concerns; absent for {@link ScopeName#DEFAULT}. */
    public static final String SCOPE_DETAIL = "scope";

    /**
     * The scope the event concerns: {@link ScopeName#DEFAULT} when the details name none, as for every event
     * recorded before scopes existed (so their stored form, and the audit chain over it, stays unchanged).
     */
    public ScopeName scope() {
        return ScopeName.storedOrDefault(details.get(SCOPE_DETAIL));
    }

    /** This event about {@code scope}; {@link ScopeName#DEFAULT} leaves the details as they are. */
    public AuditEvent inScope(ScopeName scope) {
        if (scope.isDefault()) {
            return this;
        }
        Map<String, String> scoped = new HashMap<>(details);
        scoped.put(SCOPE_DETAIL, scope.value());
        return new AuditEvent(eventId, at, actor, action, via, sourceIp, requestId, version, scoped);
    }

    /**
     * This event about {@code scope}'s version log or rule group (a version, a drift, a refused list, a failed
     * reconcile). Every scope numbers its versions from 1 and the trail keeps one event per id, so for any scope but
     * {@link ScopeName#DEFAULT} (whose ids stay as they were) the scope follows the id's kind:
     * {@code version:<scope>:<n>:<step>}, {@code drift:<scope>:…}; and the event is put {@link #inScope in} it.
     */
    public AuditEvent ofScopeLog(ScopeName scope) {
        if (scope.isDefault()) {
            return this;
        }
        int kindEnd = eventId.indexOf(':') + 1;
        String scopedId = eventId.substring(0, kindEnd) + scope.value() + ":" + eventId.substring(kindEnd);
        return new AuditEvent(scopedId, at, actor, action, via, sourceIp, requestId, version, details).inScope(scope);
    }

    /** Who caused an event, through what, from where ({@code sourceIp} null where unknown). */
    public record By(String actor, Channel via, String sourceIp) {
        public By {
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(via, "via");
        }

        /** A control-plane component acting on its own ({@code system:reconciler}…). */
        public static By system(String actor) {
            return new By(actor, Channel.SYSTEM, null);
        }

        /** A component run by the schedule ({@code system:cleanup}…). */
        public static By schedule(String actor) {
            return new By(actor, Channel.SCHEDULE, null);
        }
    }

    // ---- requests ----------------------------------------------------------------------------------

    /** {@code <id>:CREATED}: a request was stored ({@code ROLLBACK_REQUESTED} for a rollback). */
    public static AuditEvent requestCreated(AllowlistRequest request, By by, Instant at) {
        Map<String, String> details = new HashMap<>();
        if (request.grantDuration() != null) {
            details.put("duration", request.grantDuration().toString());
        }
        String action = switch (request.kind()) {
            case DOMAIN -> "REQUEST_CREATED";
            case ROLLBACK -> "ROLLBACK_REQUESTED";
            case MODE -> "MODE_SWITCH_REQUESTED";
        };
        if (request.mode() != null) {
            details.put("mode", request.mode().label());
        }
        return aboutRequest(request, "CREATED", action, by, at, details);
    }

    /** {@code <id>:AUTO_APPROVED}: the policy's catalogue approved the request; the rule is its decider. */
    public static AuditEvent requestAutoApproved(AllowlistRequest request, By by, Instant at) {
        return aboutRequest(request, "AUTO_APPROVED", "REQUEST_AUTO_APPROVED", by, at,
                Map.of("rule", request.decidedBy()));
    }

    /** {@code <id>:APPROVAL:<approver>}: one approver's vote, counted once per approver. */
    public static AuditEvent approvalRecorded(AllowlistRequest request, SlackUserId approver, int approvals, int quorum,
                                              By by, Instant at) {
        return aboutRequest(request, "APPROVAL:" + approver.value(), "APPROVAL_RECORDED", by, at,
                Map.of("approvals", Integer.toString(approvals), "quorum", Integer.toString(quorum)));
    }

    /**
     * {@code <id>:<action>}: a decision that happens once in a request's life ({@code REQUEST_APPROVED},
     * {@code REQUEST_DENIED}, {@code REQUEST_WITHDRAWN}, {@code GRANT_EXPIRED}…).
     */
    public static AuditEvent requestDecided(AllowlistRequest request, String action, By by, Instant at,
                                            Map<String, String> details) {
        return aboutRequest(request, action, action, by, at, details);
    }

    /** {@code <id>:RENEWED:<expiry millis>}: each renewal moves the expiry, so each is its own event. */
    public static AuditEvent grantRenewed(AllowlistRequest request, Instant expiresAt, By by, Instant at) {
        return aboutRequest(request, "RENEWED:" + expiresAt.toEpochMilli(), "GRANT_RENEWED", by, at,
                Map.of("expiresAt", expiresAt.toString()));
    }

    /**
     * {@code <id>:GRANT_REVOKED}: an approver took back an active grant or cancelled an approved request before it
     * was applied; {@code previousStatus} says which.
     */
    public static AuditEvent grantRevoked(AllowlistRequest request, RequestStatus previousStatus, String reason, By by,
                                          Instant at) {
        return aboutRequest(request, "GRANT_REVOKED", "GRANT_REVOKED", by, at,
                Map.of("reason", truncate(reason, 500), "previousStatus", previousStatus.name()));
    }

    /**
     * {@code <id>:RENEWAL_VOTE:<expiry millis>:<approver>}: one approver's vote to renew the grant that expires then,
     * counted once per approver and expiry; a renewal moves the expiry, so the next one starts from no votes.
     */
    public static AuditEvent renewalVoteRecorded(AllowlistRequest grant, SlackUserId approver, int votes, int quorum,
                                                 By by, Instant at) {
        return aboutRequest(grant, "RENEWAL_VOTE:" + grant.expiresAt().toEpochMilli() + ":" + approver.value(),
                RENEWAL_VOTE, by, at, Map.of("approver", approver.value(), "expiresAt", grant.expiresAt().toString(),
                        "votes", Integer.toString(votes), "quorum", Integer.toString(quorum)));
    }

    /** The action of {@link #renewalVoteRecorded}. */
    public static final String RENEWAL_VOTE = "RENEWAL_VOTE_RECORDED";

    /** {@code <id>:REFUSED:<reason>:<actor>:<millis>}: every refused attempt is kept. */
    public static AuditEvent actionRefused(AllowlistRequest request, String reason, By by, Instant at) {
        return aboutRequest(request, "REFUSED:" + reason + ":" + by.actor() + ":" + at.toEpochMilli(),
                "ACTION_REFUSED", by, at, Map.of("reason", reason));
    }

    /** {@code rejected:<attempt id>}: input refused before any request existed; the message is shortened. */
    public static AuditEvent requestRejected(RequestId attempt, String field, String reason, String message, By by,
                                             Instant at) {
        return new AuditEvent("rejected:" + attempt.value(), at, by.actor(), "REQUEST_REJECTED", by.via(),
                by.sourceIp(), null, null, Map.of("field", field, "reason", reason, "message", truncate(message, 300)));
    }

    /** {@code <id>:EXPIRY_REMINDER:<expiry millis>}: one reminder per expiry date; a renewal earns a new one. */
    public static AuditEvent expiryReminderSent(AllowlistRequest grant, By by, Instant at) {
        return aboutRequest(grant, "EXPIRY_REMINDER:" + grant.expiresAt().toEpochMilli(), "GRANT_EXPIRY_REMINDER_SENT",
                by, at, Map.of("expiresAt", grant.expiresAt().toString()));
    }

    /** {@code <id>:<action>:<version>}: the reconciler moved a request because of a version. */
    public static AuditEvent requestMovedBy(AllowlistRequest request, String action, AllowlistVersion version,
                                            RequestStatus status, By by, Instant at) {
        return aboutRequest(request, action + ":" + version.number(), action, version.versionNumber(), by, at,
                Map.of("status", status.name()));
    }

    // ---- versions ----------------------------------------------------------------------------------

    /** {@code version:<n>:CREATED}, by the version's own actor. */
    public static AuditEvent versionCreated(AllowlistVersion version, VersionDiff change, Instant at) {
        return aboutVersion(version.versionNumber(), "CREATED", "VERSION_CREATED", By.system(version.actor()), at,
                Map.of("cause", version.cause().describe(), "targets", Integer.toString(version.targets().size()),
                        "change", change.summary()));
    }

    /** {@code version:<n>:APPLIED}: the version reached the firewall. */
    public static AuditEvent versionApplied(AllowlistVersion version, By by, Instant at) {
        return aboutVersion(version.versionNumber(), "APPLIED", "VERSION_APPLIED", by, at,
                Map.of("targets", Integer.toString(version.targets().size()), "sha256", version.sha256()));
    }

    /** {@code version:<n>:BASELINE}: the rule group's content when the control plane first saw it. */
    public static AuditEvent versionBaseline(AllowlistVersion baseline, By by, Instant at) {
        return aboutVersion(baseline.versionNumber(), "BASELINE", "VERSION_BASELINE", by, at,
                Map.of("targets", Integer.toString(baseline.targets().size())));
    }

    /** {@code version:<n>:DRIFT_ADOPTED}: an out-of-band edit became version {@code n}. */
    public static AuditEvent driftAdopted(VersionNumber number, VersionDiff drift, By by, Instant at) {
        return aboutVersion(number, "DRIFT_ADOPTED", "DRIFT_ADOPTED", by, at, Map.of("change", drift.summary()));
    }

    /** {@code drift:<last applied>:<live hash>}: the same drift is recorded once, however often it is seen. */
    public static AuditEvent driftDetected(AllowlistVersion lastApplied, String liveHash, VersionDiff drift, String mode,
                                           By by, Instant at) {
        return new AuditEvent("drift:" + lastApplied.number() + ":" + liveHash, at, by.actor(), "DRIFT_DETECTED",
                by.via(), by.sourceIp(), null, lastApplied.versionNumber(), Map.of("added",
                String.join(",", drift.added()), "removed", String.join(",", drift.removed()), "mode", mode));
    }

    /** {@code capacity:<hash of the refused list>}: a target list that does not fit, recorded once. */
    public static AuditEvent capacityRefused(List<String> desired, long needed, int capacity, By by, Instant at) {
        return new AuditEvent("capacity:" + AllowlistVersion.contentHash(desired), at, by.actor(),
                "VERSION_REFUSED_CAPACITY", by.via(), by.sourceIp(), null, null,
                Map.of("targets", Integer.toString(desired.size()), "needed", Long.toString(needed),
                        "capacity", Integer.toString(capacity)));
    }

    /** {@code reconcile-failed:<reason>:<key>:<UTC day>}: operators hear of a kind of failure once a day. */
    public static AuditEvent reconcileFailed(String reason, String key, String message, By by, Instant at) {
        return new AuditEvent("reconcile-failed:" + reason + ":" + key + ":" + LocalDate.ofInstant(at, ZoneOffset.UTC),
                at, by.actor(), "RECONCILE_FAILED", by.via(), by.sourceIp(), null, null,
                Map.of("reason", reason, "message", message));
    }

    // ---- findings ----------------------------------------------------------------------------------

    /** {@code stale:<evidence>:<target>}: one finding per entry per body of evidence. */
    public static AuditEvent staleEntryFound(String evidenceKey, String target, Instant observedTo, By by, Instant at) {
        return new AuditEvent("stale:" + evidenceKey + ":" + target, at, by.actor(), "STALE_ENTRY_FOUND", by.via(),
                by.sourceIp(), null, null,
                Map.of("target", target, "observedTo", observedTo.toString(), "reports", evidenceKey));
    }

    /**
     * {@code studio-domain:<id>:<domain version>:<reasons>:<UTC day>}: a non-compliant Studio domain is
     * reported once a day while it stays the same.
     */
    public static AuditEvent studioDomainNoncompliant(String domainId, String domainVersion, String reasons, By by,
                                                      Instant at) {
        return new AuditEvent("studio-domain:" + domainId + ":" + domainVersion + ":" + reasons + ":"
                + LocalDate.ofInstant(at, ZoneOffset.UTC), at, by.actor(), "STUDIO_DOMAIN_NONCOMPLIANT", by.via(),
                by.sourceIp(), null, null, Map.of("domainId", domainId, "reasons", reasons));
    }

    /**
     * {@code network-posture:<resource>:<reason>:<what was seen>:<UTC day>}: a way around the firewall in the VPC's
     * configuration is reported once a day while it stays the same.
     */
    public static AuditEvent networkPostureNoncompliant(String resourceId, String reason, String observed, By by,
                                                        Instant at) {
        return new AuditEvent("network-posture:" + resourceId + ":" + reason + ":" + observed + ":"
                + LocalDate.ofInstant(at, ZoneOffset.UTC), at, by.actor(), "NETWORK_POSTURE_NONCOMPLIANT", by.via(),
                by.sourceIp(), null, null, Map.of("resourceId", resourceId, "reason", reason, "observed", observed));
    }

    // ---- shared shapes -----------------------------------------------------------------------------

    /** {@code <requestId>:<step>}, with the request's subject among the details. */
    private static AuditEvent aboutRequest(AllowlistRequest request, String step, String action, By by, Instant at,
                                           Map<String, String> details) {
        return aboutRequest(request, step, action, null, by, at, details);
    }

    private static AuditEvent aboutRequest(AllowlistRequest request, String step, String action, VersionNumber version,
                                           By by, Instant at, Map<String, String> details) {
        Map<String, String> all = new HashMap<>(details);
        all.putIfAbsent("subject", request.subject());
        return new AuditEvent(request.id().value() + ":" + step, at, by.actor(), action, by.via(), by.sourceIp(),
                request.id(), version, all).inScope(request.scope());
    }

    /** {@code version:<n>:<step>}. */
    private static AuditEvent aboutVersion(VersionNumber number, String step, String action, By by, Instant at,
                                           Map<String, String> details) {
        return new AuditEvent("version:" + number.value() + ":" + step, at, by.actor(), action, by.via(),
                by.sourceIp(), null, number, details);
    }

    private static String truncate(String message, int limit) {
        return message.length() <= limit ? message : message.substring(0, limit) + "…";
    }
}
