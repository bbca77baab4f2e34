package io.egressallowlist.shared.store;

import io.egressallowlist.shared.domain.AuditChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.egressallowlist.shared.store.Attributes.instant;
import static io.egressallowlist.shared.store.Attributes.n;
import static io.egressallowlist.shared.store.Attributes.number;
import static io.egressallowlist.shared.store.Attributes.s;
import static io.egressallowlist.shared.store.Attributes.string;

/**
 * The audit chain as verification reads it from the audit table: the head item, chained records through the
 * {@code by-chain} index (partition {@code chainPage}, sort key {@code chainSeq}), and the records that carry no
 * place, found by a Scan. The index is eventually consistent: a record written a moment ago may be missing from
 * it, which the caller allows for by reading again before it reports a gap.
 */
public final class DynamoAuditChain implements AuditChain {

    /** Records without a place after the chain began that one answer names, the first of them reported. */
    private static final int UNCHAINED_KEPT = 10;

    private final DynamoTable table;

    public DynamoAuditChain(DynamoDbClient dynamo, String table) {
        this.table = new DynamoTable(dynamo, table);
    }

    @Override
    public Optional<Head> head() {
        return table.read(AuditChainWriter.headKey()).map(head -> new Head(number(head, AuditChainWriter.HEAD_SEQ),
                string(head, AuditChainWriter.HEAD_HASH), instant(head, AuditChainWriter.GENESIS),
                AuditChainWriter.pending(head).stream().map(DynamoAuditChain::link).toList()));
    }

    @Override
    public List<Link> links(long from, long to) {
        List<Link> links = new ArrayList<>();
        for (long page = from / 1000; page <= to / 1000; page++) {
            table.queryAll(table.query().indexName(TableSchemas.AUDIT_BY_CHAIN)
                    .keyConditionExpression("#page = :page AND #seq BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#page", AuditChainWriter.PAGE, "#seq", AuditChainWriter.SEQ))
                    .expressionAttributeValues(Map.of(":page", s(AuditChain.page(page * 1000)),
                            ":from", n(from), ":to", n(to))))
                    .forEach(item -> links.add(link(item)));
        }
        links.sort(Comparator.comparingLong(Link::seq));
        return links;
    }

    /** One Scan of the table, keys and times only, for the items without {@code chainSeq} (the head has no time). */
    @Override
    public Unchained unchained(Instant genesis) {
        long before = 0;
        List<Key> after = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = table.client().scan(ScanRequest.builder().tableName(table.name())
                    .filterExpression("attribute_not_exists(#seq) AND attribute_exists(#at)")
                    .projectionExpression("#subject, #event, #at")
                    .expressionAttributeNames(Map.of("#seq", AuditChainWriter.SEQ, "#at", "at",
                            "#subject", TableSchemas.AUDIT_SUBJECT_KEY, "#event", TableSchemas.AUDIT_EVENT_KEY))
                    .exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                Instant at = instant(item, "at");
                if (at.isBefore(genesis)) {
                    before++;
                } else if (after.size() < UNCHAINED_KEPT) {
                    after.add(new Key(string(item, TableSchemas.AUDIT_SUBJECT_KEY),
                            string(item, TableSchemas.AUDIT_EVENT_KEY), at));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        after.sort(Comparator.comparing(Key::at));
        return new Unchained(before, after);
    }

    private static Link link(Map<String, AttributeValue> item) {
        Long seq = number(item, AuditChainWriter.SEQ);
        return new Link(seq == null ? 0 : seq, string(item, TableSchemas.AUDIT_SUBJECT_KEY),
                string(item, TableSchemas.AUDIT_EVENT_KEY), instant(item, "at"),
                string(item, AuditChainWriter.PREV_HASH), string(item, AuditChainWriter.HASH), CanonicalItem.of(item));
    }
}
