package io.egressallowlist.shared.store;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditPage;
import io.egressallowlist.shared.domain.AuditQuery;
import io.egressallowlist.shared.domain.Channel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The by-day index read with a small read budget: a sparse filter over several days comes back in short (even
 * empty) pages, each with a cursor, and following them finds every match once; a chained record's place is read.
 */
@ExtendWith(DynaliteExtension.class)
class AuditDayIndexTest {

    private static final Instant START = Instant.parse("2026-11-20T22:00:00Z");

    private StoreFixture store;
    private AuditDayIndex index;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) {
        store = new StoreFixture(dynamo);
        index = new AuditDayIndex(new DynamoTable(dynamo, store.tables.audit()), DynamoAuditTrail::fromItem, 5);
    }

    private static AuditEvent event(String id, Instant at, String action) {
        return new AuditEvent(id, at, "system:test", action, Channel.SYSTEM, null, null, null, Map.of());
    }

    @Test
    void aSparseFilterComesBackInShortPagesThatTogetherHoldEveryMatchOnce() {
        List<String> matches = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean match = i % 13 == 0;
            store.audit.record(event("e" + i, START.plusSeconds(i * 7200L), match ? "WANTED" : "OTHER"));
            if (match) {
                matches.add("e" + i);
            }
        }
        AuditQuery query = AuditQuery.between(START, START.plusSeconds(40 * 7200L)).withAction("WANTED").withLimit(100);

        List<String> found = new ArrayList<>();
        int pages = 0;
        int shortPages = 0;
        AuditPage page = index.query(query);
        while (true) {
            pages++;
            found.addAll(page.events().stream().map(AuditEvent::eventId).toList());
            if (page.nextCursor().isEmpty()) {
                break;
            }
            shortPages++;
            page = index.query(query.after(page.nextCursor().get()));
        }

        assertThat(found).containsExactlyElementsOf(matches);
        assertThat(shortPages).as("pages cut short by the budget of 5 reads").isGreaterThanOrEqualTo(5);
        assertThat(pages).isLessThan(40);
    }

    @Test
    void aChainedRecordCarriesItsPlaceAndAnUnchainedOneNone(DynamoDbClient dynamo) {
        store.audit.record(event("unchained", START, "TEST"));
        store.audit.record(event("chained", START.plusSeconds(1), "TEST"));
        // As a record written before the chain began: no place.
        dynamo.updateItem(b -> b.tableName(store.tables.audit()).key(Map.of(TableSchemas.AUDIT_SUBJECT_KEY,
                AttributeValue.fromS("system"), TableSchemas.AUDIT_EVENT_KEY, AttributeValue.fromS("unchained")))
                .updateExpression("REMOVE chainSeq, prevHash, #hash, chainPage")
                .expressionAttributeNames(Map.of("#hash", "hash")));
        dynamo.updateItem(b -> b.tableName(store.tables.audit()).key(Map.of(TableSchemas.AUDIT_SUBJECT_KEY,
                AttributeValue.fromS("system"), TableSchemas.AUDIT_EVENT_KEY, AttributeValue.fromS("chained")))
                .updateExpression("SET chainSeq = :seq").expressionAttributeValues(Map.of(":seq",
                        AttributeValue.fromN("42"))));

        AuditPage page = index.query(AuditQuery.between(START, START.plusSeconds(60)));

        assertThat(page.items()).extracting(item -> item.event().eventId()).containsExactly("unchained", "chained");
        assertThat(page.items().get(0).chainSeq()).isEmpty();
        assertThat(page.items().get(1).chainSeq()).hasValue(42);
    }
}
