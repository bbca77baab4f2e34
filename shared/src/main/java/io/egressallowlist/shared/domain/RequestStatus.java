package io.egressallowlist.shared.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a request is in its life (ARCHITECTURE §5). Every change of status is a conditional write on
 * the expected current status, so a transition can happen once only.
 *
 * <pre>
 * PENDING ──approve (quorum met)──▶ APPROVED ──version appended──▶ APPLYING ──applied──▶ ACTIVE ──▶ EXPIRED
 *    │ deny ▶ DENIED   │ withdraw ▶ WITHDRAWN   │ undecided too long ▶ EXPIRED            └──▶ REVOKED
 * auto-approve policy: created APPROVED, skipping PENDING
 * </pre>
 */
public enum RequestStatus {
    PENDING,
    APPROVED,
    APPLYING,
    ACTIVE,
    DENIED,
    WITHDRAWN,
    EXPIRED,
    REVOKED;

    /** Statuses in which a request still asks for something (one such request per target at most). */
    public static final Set<RequestStatus> OPEN = EnumSet.of(PENDING, APPROVED, APPLYING);

    public boolean isOpen() {
        return OPEN.contains(this);
    }

    public boolean isFinal() {
        return this == DENIED || this == WITHDRAWN || this == EXPIRED || this == REVOKED;
    }

    /** Whether the lifecycle allows going from this status to {@code next}. */
    public boolean canMoveTo(RequestStatus next) {
        return switch (this) {
            case PENDING -> next == APPROVED || next == DENIED || next == WITHDRAWN || next == EXPIRED;
            case APPROVED -> next == APPLYING || next == ACTIVE || next == REVOKED;
            case APPLYING -> next == ACTIVE || next == REVOKED;
            case ACTIVE -> next == EXPIRED || next == REVOKED;
            case DENIED, WITHDRAWN, EXPIRED, REVOKED -> false;
        };
    }
}
