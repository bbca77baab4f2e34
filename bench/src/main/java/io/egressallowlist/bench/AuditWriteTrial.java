package io.egressallowlist.bench;

import io.egressallowlist.shared.api.AuditVerification;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.Channel;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.store.DynamoAuditChain;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import io.egressallowlist.shared.store.TableSchemas;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One measured burst of audit writes into a fresh audit table on dynalite: {@code writers} threads record the same
 * {@code records} approval events, each thread its share in turn, in one of three ways ({@link Mode}). Every trial is
 * checked: every event recorded once, and for the chained modes, the chain verifies intact with one place per event.
 */
final class AuditWriteTrial {

    /** How the events are written. */
    enum Mode {
        /** The previous release: one conditional PutItem ({@code attribute_not_exists}) per record, no chain fields. */
        BASELINE("conditional PutItem per record (previous release, baseline)"),
        /** The chain, one {@code DynamoAuditTrail} shared by the threads: one process, its waiting appends batched. */
        CHAINED("chained, one DynamoAuditTrail for all writers (one process)"),
        /** The chain, one {@code DynamoAuditTrail} per thread: separate processes (Lambda instances) racing for the head. */
        CHAINED_APART("chained, one DynamoAuditTrail per writer (separate processes)");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    /**
     * The figures of one trial.
     *
     * @param wallNanos from the start of the first record to the end of the last
     * @param latencies every record's {@code record} call, nanoseconds, sorted
     * @param calls     the SDK calls the trial made, per operation
     */
    record Result(long wallNanos, long[] latencies, Map<String, CallMeter.Totals> calls) {
        double recordsPerSecond() {
            return latencies.length * 1e9 / wallNanos;
        }

        double percentileMs(double p) {
            return Stats.percentile(latencies, p) / 1e6;
        }

        double callsPerRecord() {
            return calls.values().stream().mapToLong(CallMeter.Totals::calls).sum() / (double) latencies.length;
        }
    }

    private static final DateTimeFormatter TIME_KEY = DateTimeFormatter.ISO_INSTANT;
    private static final AtomicInteger TABLES = new AtomicInteger();

    private AuditWriteTrial() {
    }

    /** {@code count} approval events about 50 requests, as the approvals path records them. */
    static List<AuditEvent> events(int count, long seed) {
        Random random = new Random(seed);
        Clock clock = Clock.systemUTC();
        List<RequestId> requests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            requests.add(RequestId.generate(clock, random));
        }
        Instant start = clock.instant();
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RequestId request = requests.get(i % requests.size());
            events.add(new AuditEvent("approval:" + request.value() + ":" + i, start.plusMillis(i),
                    "slack:U0APPROVER" + (1 + i % 2), "APPROVAL_RECORDED", Channel.SLACK, null, request, null,
                    Map.of("approvals", "1", "quorum", "2", "target", "files" + (i % 97) + ".example-data.org")));
        }
        return events;
    }

    static Result run(BenchAws aws, Mode mode, int writers, List<AuditEvent> events) throws InterruptedException {
        String table = createTable(aws.dynamo);
        try {
            List<AuditTrail> trails = new ArrayList<>();
            DynamoAuditTrail shared = new DynamoAuditTrail(aws.dynamo, table);
            for (int i = 0; i < writers; i++) {
                trails.add(switch (mode) {
                    case BASELINE -> null;
                    case CHAINED -> shared;
                    case CHAINED_APART -> new DynamoAuditTrail(aws.dynamo, table);
                });
            }
            aws.meter.drain();
            Result result = burst(writers, events, writer -> mode == Mode.BASELINE
                    ? event -> putIfAbsent(aws.dynamo, table, event)
                    : trails.get(writer)::record);
            Map<String, CallMeter.Totals> calls = aws.meter.drain();
            if (mode != Mode.BASELINE) {
                requireIntact(aws.dynamo, table, events.size());
            }
            return new Result(result.wallNanos(), result.latencies(), calls);
        } finally {
            aws.dynamo.deleteTable(b -> b.tableName(table));
        }
    }

    /** A fresh audit table (both indexes) holding {@code count} chained records, written by 32 threads in one process. */
    static String chainedTable(BenchAws aws, int count, long seed) throws InterruptedException {
        String table = createTable(aws.dynamo);
        DynamoAuditTrail trail = new DynamoAuditTrail(aws.dynamo, table);
        burst(32, events(count, seed), writer -> trail::record);
        aws.meter.drain();
        return table;
    }

    /** Walks the whole chain in pages of {@link AuditVerification#DEFAULT_LIMIT}; returns the records checked. */
    static long verifyAll(AuditVerification verification) {
        long checked = 0;
        long after = 0;
        while (true) {
            AuditVerification.Report page = verification.verify(after, AuditVerification.DEFAULT_LIMIT);
            if (!page.intact()) {
                throw new IllegalStateException("the benchmark's chain does not verify: " + page.problem().get());
            }
            checked += page.checked();
            if (page.next().isEmpty()) {
                return checked;
            }
            after = page.next().getAsLong();
        }
    }

    private static void requireIntact(DynamoDbClient dynamo, String table, int records) {
        long checked = verifyAll(new AuditVerification(new DynamoAuditChain(dynamo, table)));
        if (checked != records) {
            throw new IllegalStateException("the chain holds " + checked + " records, not " + records);
        }
    }

    private static Result burst(int writers, List<AuditEvent> events, Function<Integer, Function<AuditEvent, Boolean>> writerOf)
            throws InterruptedException {
        long[] latencies = new long[events.size()];
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger recorded = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Function<AuditEvent, Boolean> record = writerOf.apply(writer);
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = writer; i < events.size(); i += writers) {
                        long began = System.nanoTime();
                        boolean fresh = record.apply(events.get(i));
                        latencies[i] = System.nanoTime() - began;
                        if (fresh) {
                            recorded.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "audit-writer-" + w));
        }
        threads.forEach(Thread::start);
        long began = System.nanoTime();
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        long wall = System.nanoTime() - began;
        if (failure.get() != null) {
            throw new IllegalStateException("an audit write failed", failure.get());
        }
        if (recorded.get() != events.size()) {
            throw new IllegalStateException(recorded.get() + " of " + events.size() + " events were recorded");
        }
        Arrays.sort(latencies);
        return new Result(wall, latencies, Map.of());
    }

    private static String createTable(DynamoDbClient dynamo) {
        String name = "bench-audit-" + ProcessHandle.current().pid() + "-" + TABLES.incrementAndGet();
        dynamo.createTable(TableSchemas.auditTable(name));
        // dynalite makes a table ACTIVE within milliseconds; the SDK's default waiter would poll every 20 s.
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(dynamo)
                .overrideConfiguration(o -> o.backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(25)))
                        .maxAttempts(2_400))
                .build()) {
            waiter.waitUntilTableExists(b -> b.tableName(name));
        }
        return name;
    }

    /** The item the previous release wrote: the same attributes as a chained record, minus the chain's four. */
    private static boolean putIfAbsent(DynamoDbClient dynamo, String table, AuditEvent event) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableSchemas.AUDIT_SUBJECT_KEY, AttributeValue.fromS("request#" + event.requestId().value()));
        item.put(TableSchemas.AUDIT_EVENT_KEY, AttributeValue.fromS(event.eventId()));
        item.put("at", AttributeValue.fromN(Long.toString(event.at().toEpochMilli())));
        item.put("day", AttributeValue.fromS(LocalDate.ofInstant(event.at(), ZoneOffset.UTC).toString()));
        item.put("timeKey", AttributeValue.fromS(TIME_KEY.format(event.at()) + "#" + event.eventId()));
        item.put("actor", AttributeValue.fromS(event.actor()));
        item.put("action", AttributeValue.fromS(event.action()));
        item.put("via", AttributeValue.fromS(event.via().name()));
        item.put("requestId", AttributeValue.fromS(event.requestId().value()));
        Map<String, AttributeValue> details = new HashMap<>();
        event.details().forEach((k, v) -> details.put(k, AttributeValue.fromS(v)));
        item.put("details", AttributeValue.fromM(details));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", TableSchemas.AUDIT_EVENT_KEY)));
            return true;
        } catch (ConditionalCheckFailedException alreadyThere) {
            return false;
        }
    }
}
