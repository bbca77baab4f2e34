package io.egressallowlist.shared.domain;

import java.time.Instant;
import java.util.List;

/** The immutable audit trail. Implemented by {@code store.DynamoAuditTrail}. */
public interface AuditTrail {

    /**
     * Records an event once: a second record with the same {@code eventId} for the same subject is
     * ignored, so retried deliveries do not duplicate the trail. Returns false when it was a duplicate.
     */
    boolean record(AuditEvent event);

    /** Every event about one request, oldest first. */
    List<AuditEvent> forRequest(RequestId requestId);

    /** Every event about one version, oldest first. */
    List<AuditEvent> forVersion(VersionNumber version);

    /** Events in {@code [from, to)}, oldest first. */
    List<AuditEvent> between(Instant from, Instant to);

    /**
     * One page of the records {@code query} asks for, in the order of {@link AuditQuery}; follow
     * {@link AuditPage#nextCursor} with {@link AuditQuery#after} for the next. Paging never skips or repeats a
     * record that existed when the first page was read.
     *
     * @throws IllegalArgumentException when the query's cursor is not a position within its range
     */
    AuditPage query(AuditQuery query);
}
