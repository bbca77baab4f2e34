package io.egressallowlist.shared.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable entry of the audit trail: who did what, when, through what, from where.
 *
 * @param eventId   unique and deterministic for a state change (e.g. {@code <requestId>:APPROVED}), so
 *                  that a retried or duplicated delivery records the change once
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
                         String requestId, Long version, Map<String, String> details) {
    public AuditEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(via, "via");
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
