package io.egressallowlist.bench;

import io.egressallowlist.bench.AuditWriteTrial.Mode;
import io.egressallowlist.bench.AuditWriteTrial.Result;
import io.egressallowlist.shared.api.AuditVerification;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.store.DynamoAuditChain;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code audit-chain}: what the audit trail's hash chain costs, on dynalite through the SDK. Per writer count, the
 * same burst of approval events recorded (a) through the chained {@code DynamoAuditTrail}, shared by the writers as
 * in one process and one per writer as in separate Lambda instances, and (b) as the previous release wrote them, one
 * conditional PutItem per record (the baseline, in the same run and rounds); then (c) the verification use case
 * ({@code GET /audit/verify}) walking a chain of {@code --verify-records} records in pages of 2,000. Each round
 * runs every case on a fresh table, cases interleaved so that other load on the machine touches them alike; medians
 * over the measured rounds after the warm-up rounds.
 */
final class AuditChainBench {

    static final String NAME = "audit-chain";

    /** @param writers writer counts; @param records events per burst; @param verifyRecords length of the verified chain */
    record Shape(List<Integer> writers, int records, int verifyRecords) { }

    private AuditChainBench() {
    }

    static void run(Options options, Shape shape) throws Exception {
        PrintStream figures = System.out;
        System.setOut(System.err);
        try (BenchAws aws = BenchAws.start()) {
            Map<String, Object> machine = Machine.describe();
            Map<String, List<Result>> samples = new LinkedHashMap<>();
            for (int round = 0; round < options.warmup() + options.runs(); round++) {
                boolean measured = round >= options.warmup();
                System.err.printf("audit-chain: %s round %d…%n", measured ? "measured" : "warm-up", round + 1);
                List<AuditEvent> events = AuditWriteTrial.events(shape.records(), options.seed() + round);
                for (int writers : shape.writers()) {
                    for (Mode mode : Mode.values()) {
                        Result result = AuditWriteTrial.run(aws, mode, writers, events);
                        if (measured) {
                            samples.computeIfAbsent(key(mode, writers), k -> new ArrayList<>()).add(result);
                        }
                    }
                }
            }
            System.err.printf("audit-chain: writing %,d chained records to verify…%n", shape.verifyRecords());
            long setup = System.nanoTime();
            String table = AuditWriteTrial.chainedTable(aws, shape.verifyRecords(), options.seed());
            double setupSeconds = (System.nanoTime() - setup) / 1e9;
            AuditVerification verification = new AuditVerification(new DynamoAuditChain(aws.dynamo, table));
            List<double[]> walks = new ArrayList<>();
            for (int round = 0; round < Math.max(1, options.warmup()) + options.runs(); round++) {
                aws.meter.drain();
                long began = System.nanoTime();
                long checked = AuditWriteTrial.verifyAll(verification);
                long nanos = System.nanoTime() - began;
                if (checked != shape.verifyRecords()) {
                    throw new IllegalStateException("verified " + checked + " records, not " + shape.verifyRecords());
                }
                double calls = aws.meter.drain().values().stream().mapToLong(CallMeter.Totals::calls).sum();
                if (round >= Math.max(1, options.warmup())) {
                    walks.add(new double[] {nanos / 1e6, checked * 1e9 / nanos, calls});
                }
            }
            machine.put("loadAverage1mAfter", Machine.describe().get("loadAverage1m"));
            figures.print(report(options, shape, samples, walks, setupSeconds, machine));
        } finally {
            System.setOut(figures);
        }
    }

    private static String key(Mode mode, int writers) {
        return mode.name() + "/" + writers;
    }

    private static String report(Options options, Shape shape, Map<String, List<Result>> samples, List<double[]> walks,
                                 double setupSeconds, Map<String, Object> machine) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("audit-chain: %,d approval events per burst recorded by N writer threads into a fresh"
                + " audit table on dynalite (SDK, loopback)%n", shape.records()));
        out.append(String.format("%d warm-up + %d measured rounds, every case once per round, interleaved; medians"
                + " [min–max] over the rounds; p50/p99: per-record latency of one round, median over the rounds%n%n",
                options.warmup(), options.runs()));
        Table table = new Table("writers", "case", "records/s median [min–max]", "vs baseline", "p50 ms", "p99 ms",
                "DynamoDB calls/record", "head moves tried/record").labelColumns(2);
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int writers : shape.writers()) {
            double baseline = Stats.of(samples.get(key(Mode.BASELINE, writers)), Result::recordsPerSecond).median();
            for (Mode mode : Mode.values()) {
                List<Result> results = samples.get(key(mode, writers));
                Stats rate = Stats.of(results, Result::recordsPerSecond);
                Stats p50 = Stats.of(results, r -> r.percentileMs(50));
                Stats p99 = Stats.of(results, r -> r.percentileMs(99));
                Stats calls = Stats.of(results, Result::callsPerRecord);
                Stats moves = Stats.of(results, AuditChainBench::headMovesPerRecord);
                table.row(writers, mode.label, rate.format(0), String.format("%.2f×", rate.median() / baseline),
                        String.format("%,.1f", p50.median()), String.format("%,.1f", p99.median()),
                        String.format("%.2f", calls.median()), String.format("%.2f", moves.median()));
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("case", mode.name());
                json.put("writers", writers);
                json.put("recordsPerSecond", rate.toJson(1));
                json.put("vsBaseline", Math.round(rate.median() / baseline * 1000) / 1000.0);
                json.put("p50Ms", p50.toJson(2));
                json.put("p99Ms", p99.toJson(2));
                json.put("callsPerRecord", calls.toJson(3));
                json.put("headMovesPerRecord", moves.toJson(3));
                json.put("callsPerOperation", perOperation(results));
                cases.add(json);
            }
        }
        out.append(table.render());
        Stats walkMs = Stats.of(walks, w -> w[0]);
        Stats walkRate = Stats.of(walks, w -> w[1]);
        out.append(String.format("%nverification (the use case behind GET /audit/verify), the whole chain of %,d records"
                        + " in pages of %,d; %d warm-up + %d measured walks (chain written in %.1f s beforehand)%n",
                shape.verifyRecords(), AuditVerification.DEFAULT_LIMIT, Math.max(1, options.warmup()), options.runs(),
                setupSeconds));
        out.append(new Table("walk", "ms median [min–max]", "records/s median [min–max]", "DynamoDB calls/walk")
                .row("whole chain", walkMs.format(0), walkRate.format(0), String.format("%.0f", walks.get(0)[2]))
                .render());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", NAME);
        record.put("at", java.time.Instant.now().toString());
        record.put("machine", machine);
        record.put("warmup", options.warmup());
        record.put("runs", options.runs());
        record.put("records", shape.records());
        record.put("writes", cases);
        record.put("verify", Map.of("records", shape.verifyRecords(), "pageLimit", AuditVerification.DEFAULT_LIMIT,
                "wallMs", walkMs.toJson(1), "recordsPerSecond", walkRate.toJson(0), "callsPerWalk", walks.get(0)[2]));
        out.append('\n').append(JsonLine.of(record)).append('\n');
        return out.toString();
    }

    /** Head moves tried per record (UpdateItem calls, the lost races included: DynamoDB refuses their condition). */
    private static double headMovesPerRecord(Result result) {
        CallMeter.Totals moves = result.calls().get("DynamoDb.UpdateItem");
        return moves == null ? 0 : moves.calls() / (double) result.latencies().length;
    }

    /** Mean calls per record, per operation. */
    private static Map<String, Double> perOperation(List<Result> results) {
        Map<String, Double> mean = new TreeMap<>();
        for (Result result : results) {
            result.calls().forEach((operation, totals) -> mean.merge(operation,
                    totals.calls() / (double) result.latencies().length / results.size(), Double::sum));
        }
        mean.replaceAll((operation, calls) -> Math.round(calls * 1000) / 1000.0);
        return mean;
    }
}
