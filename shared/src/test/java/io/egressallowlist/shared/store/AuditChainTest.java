package io.egressallowlist.shared.store;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.api.AuditVerification;
import io.egressallowlist.shared.domain.AuditChain;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.Channel;
import io.egressallowlist.shared.domain.ChainProblem;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.VersionNumber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit trail's hash chain on dynalite: appends stay gapless under concurrent writers and converge after a
 * writer stops half-way; an edit, a deletion or an insertion made directly in the table is named by verification.
 */
@ExtendWith(DynaliteExtension.class)
class AuditChainTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final RequestId R1 = new RequestId("01TEST0000000000000000C00A");

    private DynamoDbClient dynamo;
    private String table;
    private DynamoAuditTrail audit;
    private DynamoAuditChain chain;
    private AuditVerification verification;
    private final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void setUp(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("chain"));
        TableSchemas.createAll(dynamo, tables);
        table = tables.audit();
        audit = new DynamoAuditTrail(dynamo, table, Clock.fixed(NOW, ZoneOffset.UTC));
        chain = new DynamoAuditChain(dynamo, table);
        verification = new AuditVerification(chain, Duration.ofMillis(5), waits::add);
    }

    /** Another writer on the same table, as in another process. */
    private DynamoAuditTrail newWriter() {
        return new DynamoAuditTrail(dynamo, table, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static AuditEvent event(String id, RequestId requestId, String actor) {
        return new AuditEvent(id, NOW.plusSeconds(1), actor, "REQUEST_APPROVED", Channel.SLACK, "10.0.0.7", requestId,
                null, Map.of("approvals", "1", "quorum", "1"));
    }

    private static AuditEvent event(String id) {
        return new AuditEvent(id, NOW.plusSeconds(1), "system:test", "TEST", Channel.SYSTEM, null, null, null,
                Map.of());
    }

    private void recordEvents(int count) {
        for (int i = 1; i <= count; i++) {
            assertThat(audit.record(event("e" + i))).isTrue();
        }
    }

    private Map<String, AttributeValue> key(String subject, String eventId) {
        return Map.of("subject", AttributeValue.fromS(subject), "eventId", AttributeValue.fromS(eventId));
    }

    private Map<String, AttributeValue> item(String subject, String eventId) {
        return dynamo.getItem(b -> b.tableName(table).key(key(subject, eventId)).consistentRead(true)).item();
    }

    private AuditVerification.Report verifyAll() {
        return verification.verify(0, AuditVerification.MAX_LIMIT);
    }

    @Test
    void concurrentWritersLeaveAGaplessChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int writer = thread;
                // One trail per writer, as separate Lambda containers have, and threads sharing one.
                DynamoAuditTrail trail = thread % 4 == 0 ? audit : newWriter();
                for (int i = 0; i < 50; i++) {
                    int n = i;
                    Callable<Boolean> write = () -> trail.record(event("w" + writer + "-" + n));
                    results.add(pool.submit(write));
                }
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(120, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }

        List<AuditChain.Link> links = chain.links(1, 1_000);
        assertThat(links).extracting(AuditChain.Link::seq).containsExactlyElementsOf(
                LongStream.rangeClosed(1, 400).boxed().toList());
        assertThat(links).extracting(AuditChain.Link::eventId).doesNotHaveDuplicates();
        assertThat(chain.head().orElseThrow().seq()).isEqualTo(400);
        AuditVerification.Report report = verifyAll();
        assertThat(report.problem()).isEmpty();
        assertThat(report.checked()).isEqualTo(400);
        assertThat(report.through().orElseThrow().seq()).isEqualTo(400);
    }

    @Test
    void aDuplicateEventNeverTakesAPlace() throws Exception {
        audit.record(event("first"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                DynamoAuditTrail trail = i % 2 == 0 ? audit : newWriter();
                results.add(pool.submit(() -> trail.record(event("same", R1, "slack:U0APPROVER"))));
            }
            long recorded = 0;
            for (Future<Boolean> result : results) {
                recorded += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(recorded).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(audit.record(event("first"))).isFalse();

        assertThat(chain.head().orElseThrow().seq()).isEqualTo(2);
        assertThat(chain.links(1, 100)).extracting(AuditChain.Link::eventId).containsExactly("first", "same");
        assertThat(verifyAll().problem()).isEmpty();
    }

    /** Moves the head past {@code ids} (chained after record {@code after}) without writing their records. */
    private void strand(long after, String... ids) {
        String prevHash = item("chain", "head").get("headHash").s();
        List<AttributeValue> copies = new ArrayList<>();
        long seq = after;
        for (String id : ids) {
            Map<String, AttributeValue> chained = AuditChainWriter.chained(Map.of(
                    "subject", AttributeValue.fromS("system"), "eventId", AttributeValue.fromS(id),
                    "at", AttributeValue.fromN("1"), "actor", AttributeValue.fromS("system:test")), ++seq, prevHash);
            prevHash = chained.get("hash").s();
            copies.add(AttributeValue.fromM(chained));
        }
        String hash = prevHash;
        long head = seq;
        dynamo.updateItem(b -> b.tableName(table).key(key("chain", "head"))
                .updateExpression("SET headSeq = :seq, headHash = :hash, pending = :pending")
                .expressionAttributeValues(Map.of(":seq", AttributeValue.fromN(Long.toString(head)),
                        ":hash", AttributeValue.fromS(hash), ":pending", AttributeValue.fromL(copies))));
    }

    @Test
    void aWriterStoppedAfterMovingTheHeadIsCompletedByTheNextAppend() {
        recordEvents(2);
        strand(2, "stranded");
        assertThat(item("system", "stranded")).isEmpty();
        assertThat(verifyAll().problem()).as("the head's copy stands for the record not yet written").isEmpty();

        assertThat(audit.record(event("after"))).isTrue();
        assertThat(newWriter().record(event("from-another-writer"))).isTrue();

        assertThat(item("system", "stranded")).containsEntry("chainSeq", AttributeValue.fromN("3"));
        assertThat(chain.links(1, 100)).extracting(AuditChain.Link::eventId)
                .containsExactly("e1", "e2", "stranded", "after", "from-another-writer");
        assertThat(verifyAll().problem()).isEmpty();
        assertThat(audit.record(event("stranded"))).as("the completed record is a duplicate").isFalse();
    }

    @Test
    void aWriterStoppedHalfWayThroughABatchIsCompletedByAnotherWriter() {
        recordEvents(1);
        strand(1, "first", "second", "third");
        dynamo.putItem(b -> b.tableName(table).item(AuditChainWriter.pending(item("chain", "head")).get(0)));
        assertThat(verifyAll().problem()).isEmpty();

        DynamoAuditTrail other = newWriter();
        assertThat(other.record(event("second"))).as("a record the head holds is a duplicate").isFalse();
        assertThat(other.record(event("fourth"))).isTrue();

        assertThat(chain.links(1, 100)).extracting(AuditChain.Link::eventId)
                .containsExactly("e1", "first", "second", "third", "fourth");
        assertThat(verifyAll().problem()).isEmpty();
    }

    @Test
    void aRecordAnotherWriterPlacedButHasNotWrittenYetIsADuplicateForAWriterThatKnewAnOlderHead() {
        recordEvents(1);
        strand(1, "elsewhere");

        assertThat(audit.record(event("elsewhere"))).as("placed by another writer, held by the head").isFalse();
        assertThat(audit.record(event("e1"))).as("written before").isFalse();
        assertThat(audit.record(event("new"))).isTrue();

        assertThat(chain.links(1, 100)).extracting(AuditChain.Link::eventId).containsExactly("e1", "elsewhere", "new");
        assertThat(verifyAll().problem()).isEmpty();
    }

    @Test
    void anApproverNameChangedInTheTableIsNamedAsEdited() {
        recordEvents(3);
        audit.record(event(R1 + ":APPROVED", R1, "slack:U0APPROVER"));
        audit.record(event("later"));
        assertThat(verifyAll().problem()).isEmpty();

        dynamo.updateItem(b -> b.tableName(table).key(key("request#" + R1.value(), R1 + ":APPROVED"))
                .updateExpression("SET actor = :actor")
                .expressionAttributeValues(Map.of(":actor", AttributeValue.fromS("slack:U0SOMEONE"))));

        AuditVerification.Report report = verifyAll();
        ChainProblem problem = report.problem().orElseThrow();
        assertThat(problem.kind()).isEqualTo(ChainProblem.Kind.EDITED);
        assertThat(problem.seq()).isEqualTo(4);
        assertThat(problem.eventId()).isEqualTo(R1 + ":APPROVED");
        assertThat(problem.subject()).isEqualTo("request#" + R1.value());
        assertThat(problem.message()).contains(R1 + ":APPROVED", "changed");
        assertThat(report.through().orElseThrow().seq()).isEqualTo(3);
        assertThat(report.next()).isEmpty();
    }

    @Test
    void anAttributeAddedToARecordIsAnEdit() {
        recordEvents(2);
        dynamo.updateItem(b -> b.tableName(table).key(key("system", "e1"))
                .updateExpression("SET note = :note")
                .expressionAttributeValues(Map.of(":note", AttributeValue.fromS("harmless?"))));

        assertThat(verifyAll().problem().orElseThrow()).extracting(ChainProblem::kind, ChainProblem::eventId)
                .containsExactly(ChainProblem.Kind.EDITED, "e1");
    }

    @Test
    void aDeletedRecordIsNamedByItsPlaceAndNeighbours() {
        recordEvents(5);
        dynamo.deleteItem(b -> b.tableName(table).key(key("system", "e3")));

        ChainProblem problem = verifyAll().problem().orElseThrow();

        assertThat(problem.kind()).isEqualTo(ChainProblem.Kind.DELETED);
        assertThat(problem.seq()).isEqualTo(3);
        assertThat(problem.message()).contains("place 3", "system/e2", "system/e4");
        assertThat(waits).as("a gap is read again, in case the index lagged").hasSize(1);
    }

    @Test
    void theNewestRecordDeletedIsFoundAgainstTheHead() {
        recordEvents(3);
        audit.record(event("e4"));
        dynamo.deleteItem(b -> b.tableName(table).key(key("system", "e4")));
        dynamo.updateItem(b -> b.tableName(table).key(key("chain", "head")).updateExpression("REMOVE pending"));

        ChainProblem problem = verifyAll().problem().orElseThrow();

        assertThat(problem.kind()).isEqualTo(ChainProblem.Kind.DELETED);
        assertThat(problem.seq()).isEqualTo(4);
        assertThat(problem.message()).contains("system/e3", "head");
    }

    @Test
    void aRowPutWithoutAPlaceAfterTheChainBeganIsInserted() {
        recordEvents(2);
        Map<String, AttributeValue> forged = new HashMap<>(item("system", "e1"));
        forged.keySet().removeAll(List.of("chainSeq", "prevHash", "hash", "chainPage"));
        forged.put("eventId", AttributeValue.fromS("forged"));
        dynamo.putItem(b -> b.tableName(table).item(forged));

        ChainProblem problem = verifyAll().problem().orElseThrow();

        assertThat(problem).extracting(ChainProblem::kind, ChainProblem::eventId, ChainProblem::subject)
                .containsExactly(ChainProblem.Kind.INSERTED, "forged", "system");
    }

    @Test
    void aRowClaimingATakenPlaceIsInsertedEvenWithAHashThatMatches() {
        recordEvents(3);
        Map<String, AttributeValue> second = item("system", "e2");
        Map<String, AttributeValue> forged = new HashMap<>(second);
        forged.put("eventId", AttributeValue.fromS("forged"));
        forged.put("actor", AttributeValue.fromS("slack:U0FORGER"));
        dynamo.putItem(b -> b.tableName(table).item(AuditChainWriter.chained(forged, 2, second.get("prevHash").s())));

        ChainProblem problem = verifyAll().problem().orElseThrow();

        assertThat(problem).extracting(ChainProblem::kind, ChainProblem::seq, ChainProblem::eventId)
                .containsExactly(ChainProblem.Kind.INSERTED, 2L, "forged");
    }

    @Test
    void aRowPastTheHeadIsInserted() {
        recordEvents(2);
        Map<String, AttributeValue> last = item("system", "e2");
        Map<String, AttributeValue> forged = new HashMap<>(last);
        forged.put("eventId", AttributeValue.fromS("forged"));
        dynamo.putItem(b -> b.tableName(table).item(AuditChainWriter.chained(forged, 3, last.get("hash").s())));

        assertThat(verifyAll().problem().orElseThrow())
                .extracting(ChainProblem::kind, ChainProblem::seq, ChainProblem::eventId)
                .containsExactly(ChainProblem.Kind.INSERTED, 3L, "forged");
    }

    @Test
    void aRecordRewrittenWithANewHashBreaksTheLinkOfItsSuccessor() {
        recordEvents(3);
        Map<String, AttributeValue> second = new HashMap<>(item("system", "e2"));
        second.put("actor", AttributeValue.fromS("slack:U0SOMEONE"));
        dynamo.putItem(b -> b.tableName(table).item(AuditChainWriter.chained(second, 2, second.get("prevHash").s())));

        ChainProblem problem = verifyAll().problem().orElseThrow();

        assertThat(problem.kind()).isEqualTo(ChainProblem.Kind.INSERTED);
        assertThat(problem.seq()).isEqualTo(3);
        assertThat(problem.message()).contains("system/e2", "does not link");
    }

    @Test
    void theNewestRecordRewrittenWithANewHashDisagreesWithTheHead() {
        recordEvents(3);
        Map<String, AttributeValue> last = new HashMap<>(item("system", "e3"));
        last.put("actor", AttributeValue.fromS("slack:U0SOMEONE"));
        dynamo.putItem(b -> b.tableName(table).item(AuditChainWriter.chained(last, 3, last.get("prevHash").s())));

        assertThat(verifyAll().problem().orElseThrow())
                .extracting(ChainProblem::kind, ChainProblem::seq, ChainProblem::eventId)
                .containsExactly(ChainProblem.Kind.EDITED, 3L, "e3");
    }

    @Test
    void recordsFromBeforeTheChainAreCountedNotReported() {
        for (String id : List.of("old-1", "old-2")) {
            dynamo.putItem(b -> b.tableName(table).item(Map.of("subject", AttributeValue.fromS("system"),
                    "eventId", AttributeValue.fromS(id), "at", AttributeValue.fromN(
                            Long.toString(NOW.minusSeconds(86_400).toEpochMilli())),
                    "actor", AttributeValue.fromS("system:test"))));
        }
        assertThat(verifyAll()).extracting(AuditVerification.Report::checked, r -> r.beforeChain().getAsLong())
                .containsExactly(0L, 2L);

        recordEvents(2);

        AuditVerification.Report report = verifyAll();
        assertThat(report.problem()).isEmpty();
        assertThat(report.beforeChain()).hasValue(2);
        assertThat(report.checked()).isEqualTo(2);
    }

    @Test
    void aLongChainIsVerifiedPageByPage() {
        recordEvents(25);
        audit.record(event(R1 + ":APPROVED", R1, "slack:U0APPROVER"));

        AuditVerification.Report first = verification.verify(0, 10);
        AuditVerification.Report second = verification.verify(first.next().getAsLong(), 10);
        AuditVerification.Report third = verification.verify(second.next().getAsLong(), 10);

        assertThat(List.of(first, second, third)).extracting(AuditVerification.Report::checked)
                .containsExactly(10L, 10L, 6L);
        assertThat(first.next()).hasValue(10);
        assertThat(second.next()).hasValue(20);
        assertThat(third.next()).isEmpty();
        assertThat(third.through().orElseThrow().seq()).isEqualTo(26);
        assertThat(third.problem()).isEmpty();
        assertThat(first.beforeChain()).hasValue(0);
        assertThat(second.beforeChain()).isEmpty();
    }

    @Test
    void anEditFoundOnALaterPageIsNamedThere() {
        recordEvents(15);
        dynamo.updateItem(b -> b.tableName(table).key(key("system", "e12"))
                .updateExpression("SET actor = :actor")
                .expressionAttributeValues(Map.of(":actor", AttributeValue.fromS("slack:U0SOMEONE"))));

        assertThat(verification.verify(0, 10).problem()).isEmpty();
        assertThat(verification.verify(10, 10).problem().orElseThrow())
                .extracting(ChainProblem::kind, ChainProblem::eventId).containsExactly(ChainProblem.Kind.EDITED, "e12");
    }

    @Test
    void badPagingIsRefusedBeforeAnythingIsRead() {
        recordEvents(2);

        assertThatThrownBy(() -> verification.verify(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> verification.verify(0, AuditVerification.MAX_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verification.verify(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verification.verify(3, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("past the chain's head (2)");
    }

    @Test
    void anEmptyTrailIsIntact() {
        AuditVerification.Report report = verifyAll();

        assertThat(report.problem()).isEmpty();
        assertThat(report.headSeq()).isZero();
        assertThat(report.next()).isEmpty();
        assertThat(report.beforeChain()).hasValue(0);
    }

    @Test
    void chainedItemsKeepTheirPlaceHashesAndPage() {
        audit.record(event("e1"));
        audit.record(event(R1 + ":APPROVED", R1, "slack:U0APPROVER"));

        Map<String, AttributeValue> first = item("system", "e1");
        Map<String, AttributeValue> second = item("request#" + R1.value(), R1 + ":APPROVED");
        assertThat(first.get("prevHash").s()).isEqualTo(AuditChain.GENESIS_HASH);
        assertThat(second.get("prevHash").s()).isEqualTo(first.get("hash").s());
        assertThat(second.get("chainSeq").n()).isEqualTo("2");
        assertThat(second.get("chainPage").s()).isEqualTo("000000000000");
        assertThat(second.get("hash").s()).isEqualTo(AuditChain.hash(first.get("hash").s(), CanonicalItem.of(second)));
        assertThat(audit.forRequest(R1)).extracting(AuditEvent::actor).containsExactly("slack:U0APPROVER");
        assertThat(item("chain", "head").get("genesisAt").n()).isEqualTo(Long.toString(NOW.toEpochMilli()));
    }
}
