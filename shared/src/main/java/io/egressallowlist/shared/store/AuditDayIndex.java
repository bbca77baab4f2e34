package io.egressallowlist.shared.store;

import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditPage;
import io.egressallowlist.shared.domain.AuditQuery;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

import static io.egressallowlist.shared.store.Attributes.s;

/**
 * Pages of the audit trail read through the {@code by-day} index (partition {@code day}, sort key {@code timeKey}),
 * one UTC day after the other. A page ends at a record's whole key, which is exactly the
 * {@code ExclusiveStartKey} DynamoDB expects for an index (the index key and the table key): the next page
 * continues after that record even when others share its time key. The filters are applied to the items read, so
 * every record read moves the position; a call reads at most {@link #READ_BUDGET} records and then hands back a
 * cursor, so that a sparse filter over a long range never outlasts the API's timeout.
 */
final class AuditDayIndex {

    /** Records read in one call at most (DynamoDB returns up to 1 MB a page; an audit item is well under 1 KB). */
    static final int READ_BUDGET = 3000;
    private static final String CHAIN_SEQ = "chainSeq";

    private final DynamoTable table;
    private final Function<Map<String, AttributeValue>, AuditEvent> reader;
    private final int readBudget;

    AuditDayIndex(DynamoTable table, Function<Map<String, AttributeValue>, AuditEvent> reader) {
        this(table, reader, READ_BUDGET);
    }

    /** With a smaller budget than {@link #READ_BUDGET}, for tests of the pages it cuts short. */
    AuditDayIndex(DynamoTable table, Function<Map<String, AttributeValue>, AuditEvent> reader, int readBudget) {
        this.table = table;
        this.reader = reader;
        this.readBudget = readBudget;
    }

    AuditPage query(AuditQuery query) {
        List<AuditPage.Item> items = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(query.to(), ZoneOffset.UTC);
        Map<String, AttributeValue> start = query.after() == null ? null : startKey(query);
        LocalDate day = query.after() == null ? LocalDate.ofInstant(query.from(), ZoneOffset.UTC)
                : LocalDate.parse(query.after().day());
        int read = 0;
        for (; !day.isAfter(last); day = day.plusDays(1), start = null) {
            do {
                QueryResponse response = page(query, day, start);
                for (Map<String, AttributeValue> item : response.items()) {
                    read++;
                    AuditEvent event = reader.apply(item);
                    if (query.matches(event)) {
                        items.add(new AuditPage.Item(event, chainSeq(item)));
                        if (items.size() == query.limit()) {
                            return new AuditPage(items, Optional.of(cursor(item)));
                        }
                    }
                }
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
                boolean more = start != null || day.isBefore(last);
                if (read >= readBudget && more && !response.items().isEmpty()) {
                    return new AuditPage(items, Optional.of(cursor(response.items().get(response.items().size() - 1))));
                }
            } while (start != null);
        }
        return new AuditPage(items, Optional.empty());
    }

    private QueryResponse page(AuditQuery query, LocalDate day, Map<String, AttributeValue> start) {
        try {
            return table.client().query(table.query().indexName(TableSchemas.AUDIT_BY_DAY).limit(readBudget)
                    .keyConditionExpression("#day = :day AND #time BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#day", "day", "#time", "timeKey"))
                    .expressionAttributeValues(Map.of(":day", s(day.toString()),
                            ":from", s(AuditQuery.firstKey(query.from())), ":to", s(AuditQuery.lastKey(query.to()))))
                    .exclusiveStartKey(start)
                    .build());
        } catch (DynamoDbException e) {
            if (start != null && e.statusCode() == 400) {
                throw new IllegalArgumentException("the cursor is not a position of this table's audit trail", e);
            }
            throw e;
        }
    }

    /** The {@code ExclusiveStartKey} of the query's cursor (which {@link AuditQuery} keeps within its range). */
    private static Map<String, AttributeValue> startKey(AuditQuery query) {
        AuditQuery.Cursor cursor = query.after();
        return Map.of("day", s(cursor.day()), "timeKey", s(cursor.timeKey()),
                TableSchemas.AUDIT_SUBJECT_KEY, s(cursor.subject()), TableSchemas.AUDIT_EVENT_KEY, s(cursor.eventId()));
    }

    private static AuditQuery.Cursor cursor(Map<String, AttributeValue> item) {
        return new AuditQuery.Cursor(item.get("timeKey").s(), item.get(TableSchemas.AUDIT_SUBJECT_KEY).s(),
                item.get(TableSchemas.AUDIT_EVENT_KEY).s());
    }

    private static OptionalLong chainSeq(Map<String, AttributeValue> item) {
        AttributeValue seq = item.get(CHAIN_SEQ);
        return seq == null || seq.n() == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(seq.n()));
    }
}
