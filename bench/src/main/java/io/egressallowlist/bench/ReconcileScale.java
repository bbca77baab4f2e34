package io.egressallowlist.bench;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@code reconcile-scale}: the ceiling measurement repeated for growing lists (by default 100, 1,000,
 * 5,000, 10,000 and 15,000 targets, one approval each), so that growth is visible. Every size uses the
 * deployed rule group (capacity 30,000, TLS_SNI + HTTP_HOST) except where the result does not fit it
 * (15,000 → 15,001), which uses TLS_SNI alone; the table says which.
 */
final class ReconcileScale {

    static final String NAME = "reconcile-scale";

    private ReconcileScale() {
    }

    static void run(Options options) throws IOException {
        int largest = Collections.max(options.sizes());
        List<String> pool = TargetNames.generate(largest + 1, options.seed());
        List<ReconcileResult> results;
        try (BenchAws aws = BenchAws.start()) {
            ReconcileRunner runner = new ReconcileRunner(aws, pool, options);
            results = options.sizes().stream().map(ReconcileCase::growingTo).map(runner::measure).toList();
        }

        System.out.printf("%n%s: warm Reconciler.run() by list size, against dynalite and the Network Firewall emulator"
                + " over loopback%n%d warm-up + %d measured runs per size, each from a fresh rule group and fresh tables;"
                + " one approval per run%n%n", NAME, options.warmup(), options.runs());
        Table table = new Table("targets", "rule group", "run ms median [min\u2013max]", "allocated MB median",
                "peak heap MB (max)", "snapshot KB", "UpdateRuleGroup KB", "SDK calls").labelColumns(2);
        for (ReconcileResult result : results) {
            ReconcileCase c = result.reconcileCase();
            table.row(c.targets(), c.shape().describe(), result.wallMillis().format(1),
                    String.format("%,.1f", result.allocatedMB().median()), String.format("%,.1f", result.peakHeapMB().max()),
                    String.format("%,.1f", result.snapshotKB().median()),
                    String.format("%,.1f", result.updateRuleGroupKB().median()),
                    String.format("%.0f", result.sdkCalls().median()));
        }
        System.out.print(table.render());
        ReconcileResult largestResult = results.get(results.size() - 1);
        System.out.printf("%nwhere the time goes at %s, mean per run:%n%s", largestResult.reconcileCase().targets(),
                largestResult.breakdown());

        Map<String, Object> record = ReconcileRunner.record(NAME, options);
        record.put("sizes", results.stream().map(ReconcileResult::toJson).toList());
        System.out.printf("%n%s%n", JsonLine.of(record));
    }
}
