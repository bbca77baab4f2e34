package io.egressallowlist.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The measured runs of one case, summarised for the table and the JSON record. */
record ReconcileResult(ReconcileCase reconcileCase, List<Sample> samples, long firstRunNanos, String refusal) {

    private static final double MB = 1024.0 * 1024.0;
    private static final double KB = 1024.0;

    Stats wallMillis() {
        return Stats.of(samples, s -> s.wallNanos() / 1e6);
    }

    Stats allocatedMB() {
        return Stats.of(samples, s -> s.heap().allocatedBytes() / MB);
    }

    Stats peakHeapMB() {
        return Stats.of(samples, s -> s.heap().peakBytes() / MB);
    }

    Stats retainedKB() {
        return Stats.of(samples, s -> s.heap().retainedBytes() / KB);
    }

    Stats snapshotKB() {
        return Stats.of(samples, s -> s.snapshotBytes() / KB);
    }

    Stats updateRuleGroupKB() {
        return Stats.of(samples, s -> s.updateRuleGroupBytes() / KB);
    }

    Stats sdkCalls() {
        return Stats.of(samples, Sample::sdkCalls);
    }

    /** SDK calls per operation, averaged over the measured runs. */
    Map<String, CallMeter.Totals> meanCallsPerRun() {
        Map<String, CallMeter.Totals> sum = new TreeMap<>();
        samples.forEach(sample -> sample.calls().forEach((operation, totals) -> sum.merge(operation, totals, CallMeter.Totals::plus)));
        Map<String, CallMeter.Totals> mean = new TreeMap<>();
        int n = samples.size();
        sum.forEach((operation, t) -> mean.put(operation, new CallMeter.Totals(t.calls() / n, t.nanos() / n,
                t.requestBytes() / n, t.responseBytes() / n)));
        return mean;
    }

    boolean applied() {
        return reconcileCase.expect() == ReconcileTrial.Expect.APPLIED;
    }

    /** This result as a row of {@link #table()}. */
    Object[] row() {
        return new Object[] {reconcileCase.label(), reconcileCase.shape().describe(), reconcileCase.targets(),
                applied() ? "applied" : "refused", wallMillis().format(1), allocatedMB().format(1),
                String.format("%,.1f", peakHeapMB().max()), String.format("%,.1f", snapshotKB().median()),
                String.format("%,.1f", updateRuleGroupKB().median()), String.format("%.0f", sdkCalls().median())};
    }

    static Table table() {
        return new Table("case", "rule group", "targets", "outcome", "run ms median [min\u2013max]",
                "allocated MB median [min\u2013max]", "peak heap MB (max)", "snapshot KB", "UpdateRuleGroup KB",
                "SDK calls").labelColumns(4);
    }

    /** Where a run's time went: SDK calls per operation (means), and the reconciler's own work (median). */
    String breakdown() {
        Table table = new Table("operation", "calls/run", "ms/run", "sent KB/run", "received KB/run");
        for (Map.Entry<String, CallMeter.Totals> entry : meanCallsPerRun().entrySet()) {
            CallMeter.Totals t = entry.getValue();
            table.row(entry.getKey(), t.calls(), String.format("%,.1f", t.nanos() / 1e6),
                    String.format("%,.1f", t.requestBytes() / KB), String.format("%,.1f", t.responseBytes() / KB));
        }
        Stats outside = Stats.of(samples, s -> (s.wallNanos() - s.sdkNanos()) / 1e6);
        table.row("outside SDK calls (run − SDK time), median [min–max]", "", outside.format(1), "", "");
        return table.render();
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("case", reconcileCase.label());
        json.put("capacity", reconcileCase.shape().capacity());
        json.put("targetTypes", reconcileCase.shape().targetTypes().stream().map(Object::toString).toList());
        json.put("targetsBefore", reconcileCase.targetsBefore());
        json.put("targetsAfter", applied() ? reconcileCase.targetsBefore() + 1 : reconcileCase.targetsBefore());
        json.put("outcome", applied() ? "applied" : "refused");
        json.put("runs", samples.size());
        json.put("wallMs", wallMillis().toJson(2));
        json.put("firstRunMs", Math.round(firstRunNanos / 1e4) / 100.0);
        json.put("allocatedMB", allocatedMB().toJson(2));
        json.put("peakHeapMB", peakHeapMB().toJson(2));
        json.put("retainedKB", retainedKB().toJson(1));
        json.put("snapshotBytes", Math.round(snapshotKB().median() * KB));
        json.put("updateRuleGroupBytes", Math.round(updateRuleGroupKB().median() * KB));
        json.put("sdkCalls", Math.round(sdkCalls().median()));
        json.put("outsideSdkMs", Stats.of(samples, s -> (s.wallNanos() - s.sdkNanos()) / 1e6).toJson(2));
        if (refusal != null) {
            json.put("refusal", refusal);
        }
        return json;
    }
}
