package io.egressallowlist.shared.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of the audit trail ({@link AuditTrail#query}), oldest first. A page may hold fewer records than the
 * query's limit, even none, and still have a next cursor (the store reads a bounded number of records per call);
 * only an empty {@code nextCursor} means the range has been read to its end.
 *
 * @param items      the records, in the trail's order
 * @param nextCursor where the next page starts; empty after the last page
 */
public record AuditPage(List<Item> items, Optional<AuditQuery.Cursor> nextCursor) {

    public AuditPage {
        items = List.copyOf(items);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }

    /**
     * One record and its place in the hash chain.
     *
     * @param chainSeq the record's sequence number in the chain; empty for a record written before the chain
     */
    public record Item(AuditEvent event, OptionalLong chainSeq) {
        public Item {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(chainSeq, "chainSeq");
        }
    }

    /** The events of this page, without their chain positions. */
    public List<AuditEvent> events() {
        return items.stream().map(Item::event).toList();
    }
}
