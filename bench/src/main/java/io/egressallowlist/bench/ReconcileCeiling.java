package io.egressallowlist.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code reconcile-ceiling}: one approval reconciled at the largest list a rule group holds.
 * <ul>
 *   <li>capacity 30,000 with TLS_SNI + HTTP_HOST (as deployed) holds 14,999 targets (14,999 × 2 + 2 =
 *       30,000): 14,998 → 14,999 is the last approval that fits;</li>
 *   <li>the same group refuses 14,999 → 15,000 with the capacity message, before writing anything;</li>
 *   <li>capacity 30,000 with TLS_SNI alone holds 29,999, so "15,000 targets" is reconciled there
 *       (14,999 → 15,000; 15,000 × 1 + 1 = 15,001 ≤ 30,000).</li>
 * </ul>
 * Plus the diff of two 15,000-target versions, and the project's targets for all of it.
 */
final class ReconcileCeiling {

    static final String NAME = "reconcile-ceiling";

    private static final double TARGET_MILLIS = 1_000;
    private static final double TARGET_HEAP_MB = 256;
    private static final double TARGET_SNAPSHOT_KB = 350;
    private static final int DIFF_SIZE = 15_000;
    private static final int DIFF_CHANGED = 150;

    private ReconcileCeiling() {
    }

    static void run(Options options) throws IOException {
        List<String> pool = TargetNames.generate(DIFF_SIZE + DIFF_CHANGED, options.seed());
        List<ReconcileCase> cases = List.of(
                new ReconcileCase("last approval that fits", RuleGroupShape.BOTH_TYPES, 14_998,
                        ReconcileTrial.Expect.APPLIED),
                new ReconcileCase("one past the ceiling", RuleGroupShape.BOTH_TYPES, 14_999,
                        ReconcileTrial.Expect.REFUSED),
                new ReconcileCase("15,000 targets, one type", RuleGroupShape.TLS_ONLY, 14_999,
                        ReconcileTrial.Expect.APPLIED));

        List<ReconcileResult> results;
        try (BenchAws aws = BenchAws.start()) {
            ReconcileRunner runner = new ReconcileRunner(aws, pool, options);
            results = cases.stream().map(runner::measure).toList();
        }
        DiffTiming.Result diff = DiffTiming.measure(pool, DIFF_SIZE, DIFF_CHANGED, Math.max(options.runs(), 10) * 10);

        print(options, results, diff);
    }

    private static void print(Options options, List<ReconcileResult> results, DiffTiming.Result diff) {
        System.out.printf("%n%s: warm Reconciler.run() against dynalite and the Network Firewall emulator over loopback"
                + " (real SDK clients and HTTP)%n%d warm-up + %d measured runs per case, each from a fresh rule group and"
                + " fresh tables; one approval per run%n%n", NAME, options.warmup(), options.runs());
        Table table = ReconcileResult.table();
        results.forEach(result -> table.row(result.row()));
        System.out.print(table.render());
        System.out.printf("%nsnapshot KB: the newest stored version after the run (for the refusal: the 14,999-target"
                + " version it kept).%npeak heap: the whole benchmark JVM's heap in use during the run, from 15,000-target"
                + " fixtures up; the emulator runs in its own JVM.%n");
        results.stream().filter(r -> !r.applied()).forEach(r -> System.out.printf("%nrefusal message (%s): %s%n",
                r.reconcileCase().label(), r.refusal()));
        System.out.printf("first run in a fresh JVM (not warm; the setup had used the SDK clients), '%s': %,.0f ms%n", results.get(0).reconcileCase().label(),
                results.get(0).firstRunNanos() / 1e6);

        for (ReconcileResult result : results) {
            System.out.printf("%nwhere the time goes, '%s' (%s, %s), mean per run:%n%s", result.reconcileCase().label(),
                    result.reconcileCase().shape().describe(), result.reconcileCase().targets(), result.breakdown());
        }

        System.out.printf("%nVersionDiff.between, two %,d-target versions (+%d \u2212%d), %d calls after %s:%n%s",
                diff.size(), diff.added(), diff.removed(), diff.samples().size(), "5,000 warm-up calls",
                new Table("", "\u00b5s median [min\u2013max]", "allocated KB median")
                        .row("diff", diff.micros().format(0), String.format("%,.1f", diff.allocatedKB().median()))
                        .render());

        List<ReconcileResult> applied = results.stream().filter(ReconcileResult::applied).toList();
        double slowestMedian = applied.stream().mapToDouble(r -> r.wallMillis().median()).max().orElse(0);
        double peakHeap = results.stream().mapToDouble(r -> r.peakHeapMB().max()).max().orElse(0);
        double snapshot = applied.stream().mapToDouble(r -> r.snapshotKB().max()).max().orElse(0);
        Table targets = new Table("target", "measured (worst case)", "met")
                .row("warm reconcile at the ceiling < 1 s", String.format("%,.0f ms (median)", slowestMedian),
                        met(slowestMedian < TARGET_MILLIS))
                .row("heap < 256 MB", String.format("%,.0f MB (peak)", peakHeap), met(peakHeap < TARGET_HEAP_MB))
                .row("stored snapshot < 350 KB", String.format("%,.1f KB", snapshot), met(snapshot < TARGET_SNAPSHOT_KB));
        System.out.printf("%n%s", targets.render());

        Map<String, Object> record = ReconcileRunner.record(NAME, options);
        record.put("cases", results.stream().map(ReconcileResult::toJson).toList());
        Map<String, Object> diffJson = new LinkedHashMap<>();
        diffJson.put("size", diff.size());
        diffJson.put("added", diff.added());
        diffJson.put("removed", diff.removed());
        diffJson.put("calls", diff.samples().size());
        diffJson.put("micros", diff.micros().toJson(1));
        diffJson.put("allocatedKB", diff.allocatedKB().median());
        record.put("diff", diffJson);
        record.put("targetsMet", Map.of("reconcileUnder1s", slowestMedian < TARGET_MILLIS,
                "heapUnder256MB", peakHeap < TARGET_HEAP_MB, "snapshotUnder350KB", snapshot < TARGET_SNAPSHOT_KB));
        System.out.printf("%n%s%n", JsonLine.of(record));
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }
}
