package io.egressallowlist.shared.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to change the allow-list (ARCHITECTURE §4, §5). Immutable: a change is a new value
 * written with a condition on the status it came from.
 *
 * @param id                 sortable request id (ULID)
 * @param kind               add a domain, roll back to an earlier version, or switch the scope's mode
 * @param target             the canonical Network Firewall target ({@code DOMAIN}); null for the other kinds
 * @param rollbackTo         the version to restore ({@code ROLLBACK}); null for the other kinds
 * @param requester          who asked
 * @param justification      why, in the requester's words
 * @param status             where it is in its life
 * @param grantDuration      how long a {@code DOMAIN} grant lasts once active
 * @param createdAt          when it was made
 * @param updatedAt          when it last changed
 * @param pendingUntil       after this, an undecided request expires
 * @param expiresAt          when an active grant expires (set when it becomes active)
 * @param approvals          votes so far (distinct approvers)
 * @param decidedBy          who made the final decision (approval quorum reached, denial, withdrawal…)
 * @param decisionNote       the reason given with the decision, if any
 * @param intent             the change still to be reflected in an applied version; null when none
 * @param version            the version that carries (APPLYING) or activated (ACTIVE) this request
 * @param idempotencyKey     the client's idempotency key on create, if any
 * @param scope              the allow-list it changes ({@link ScopeName#DEFAULT} for what was stored before scopes)
 * @param mode               the mode asked for ({@code MODE}); null for other kinds
 */
public record AllowlistRequest(
        RequestId id,
        RequestKind kind,
        FirewallTarget target,
        VersionNumber rollbackTo,
        Requester requester,
        String justification,
        RequestStatus status,
        Duration grantDuration,
        Instant createdAt,
        Instant updatedAt,
        Instant pendingUntil,
        Instant expiresAt,
        List<Approval> approvals,
        String decidedBy,
        String decisionNote,
        Intent intent,
        VersionNumber version,
        String idempotencyKey,
        ScopeName scope,
        ScopeMode mode) {

    /** How {@link #decisionNote} begins when cleanup ended an active grant because its entry saw no traffic. */
    public static final String UNUSED_NOTE = "Unused: ";

    /**
     * How {@link #decisionNote} begins when a version removed an active or approved grant (a rollback, an adopted
     * drift); an approver who revokes one leaves their reason instead.
     */
    public static final String REMOVED_NOTE = "removed ";

    public AllowlistRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
        scope = scope == null ? ScopeName.DEFAULT : scope;
        if (kind == RequestKind.DOMAIN && (target == null || rollbackTo != null)) {
            throw new IllegalArgumentException("a DOMAIN request has a target and no rollbackTo");
        }
        if (kind == RequestKind.ROLLBACK && (rollbackTo == null || target != null)) {
            throw new IllegalArgumentException("a ROLLBACK request has rollbackTo and no target");
        }
        if ((kind == RequestKind.MODE) != (mode != null) || kind == RequestKind.MODE && (target != null || rollbackTo != null)) {
            throw new IllegalArgumentException("a MODE request has a mode and neither target nor rollbackTo; other kinds have no mode");
        }
    }

    /** A new DOMAIN request, PENDING or (auto-approved) APPROVED with an ADD intent. */
    public static AllowlistRequest newDomainRequest(RequestId id, FirewallTarget target, Requester requester, String justification,
                                                    Duration grantDuration, Instant now, Duration pendingTimeout,
                                                    boolean autoApproved, String idempotencyKey) {
        return new AllowlistRequest(id, RequestKind.DOMAIN, target, null, requester, justification,
                autoApproved ? RequestStatus.APPROVED : RequestStatus.PENDING, grantDuration, now, now,
                now.plus(pendingTimeout), null, List.of(), autoApproved ? "policy:auto-approve" : null, null,
                autoApproved ? Intent.ADD : null, null, idempotencyKey, ScopeName.DEFAULT, null);
    }

    /** A new ROLLBACK request; it always needs approval like any other change. */
    public static AllowlistRequest newRollbackRequest(RequestId id, VersionNumber rollbackTo, Requester requester,
                                                      String justification, Instant now, Duration pendingTimeout,
                                                      String idempotencyKey) {
        return new AllowlistRequest(id, RequestKind.ROLLBACK, null, rollbackTo, requester, justification,
                RequestStatus.PENDING, null, now, now, now.plus(pendingTimeout), null, List.of(), null, null, null,
                null, idempotencyKey, ScopeName.DEFAULT, null);
    }

    /** A new MODE request: switch {@code scope} to {@code mode}; it always needs that scope's approvers. */
    public static AllowlistRequest newModeRequest(RequestId id, ScopeName scope, ScopeMode mode, Requester requester,
                                                  String justification, Instant now, Duration pendingTimeout,
                                                  String idempotencyKey) {
        return new AllowlistRequest(id, RequestKind.MODE, null, null, requester, justification, RequestStatus.PENDING,
                null, now, now, now.plus(pendingTimeout), null, List.of(), null, null, null, null, idempotencyKey,
                scope, Objects.requireNonNull(mode, "mode"));
    }

    /** This request in {@code scope} (the factories make requests in {@link ScopeName#DEFAULT}). */
    public AllowlistRequest inScope(ScopeName scope) {
        return new AllowlistRequest(id, kind, target, rollbackTo, requester, justification, status, grantDuration,
                createdAt, updatedAt, pendingUntil, expiresAt, approvals, decidedBy, decisionNote, intent, version,
                idempotencyKey, scope, mode);
    }

    /** What the request is about, for messages: the target, "rollback to version N" or "switch risk to enforce". */
    public String subject() {
        return switch (kind) {
            case DOMAIN -> target.value();
            case ROLLBACK -> "rollback to version " + rollbackTo;
            case MODE -> "switch " + scope + " to " + mode.label();
        };
    }

    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** A grant cleanup ended because its entry saw no traffic; {@link #unusedEvidence()} says what showed it. */
    public boolean endedUnused() {
        return status == RequestStatus.EXPIRED && decisionNote != null && decisionNote.startsWith(UNUSED_NOTE);
    }

    /** For a grant that {@link #endedUnused() ended unused}: the traffic evidence, with its dates; else empty. */
    public Optional<String> unusedEvidence() {
        return endedUnused() ? Optional.of(decisionNote.substring(UNUSED_NOTE.length())) : Optional.empty();
    }

    /** A grant a version removed ({@link #REMOVED_NOTE}), rather than one an approver revoked. */
    public boolean removedByVersion() {
        return status == RequestStatus.REVOKED && decisionNote != null && decisionNote.startsWith(REMOVED_NOTE);
    }

    public boolean hasApprovalFrom(String approver) {
        return approvals.stream().anyMatch(a -> a.approver().equals(approver));
    }
}
