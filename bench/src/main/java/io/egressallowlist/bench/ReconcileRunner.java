package io.egressallowlist.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a case's warm-up and measured trials in this JVM, each from a freshly prepared state. */
final class ReconcileRunner {

    private final BenchAws aws;
    private final List<String> pool;
    private final Options options;
    private final HeapProbe probe = new HeapProbe();
    private int trials;

    /** {@code pool}: distinct targets; a case with N targets uses the first N and approves the next one. */
    ReconcileRunner(BenchAws aws, List<String> pool, Options options) {
        this.aws = aws;
        this.pool = pool;
        this.options = options;
    }

    ReconcileResult measure(ReconcileCase reconcileCase) {
        List<String> targets = pool.subList(0, reconcileCase.targetsBefore());
        String approved = pool.get(reconcileCase.targetsBefore());
        List<Sample> measured = new ArrayList<>();
        long firstRun = 0;
        String refusal = null;
        int total = options.warmup() + options.runs();
        for (int i = 0; i < total; i++) {
            System.err.printf("  %s: %s %d/%d%n", reconcileCase.label(), i < options.warmup() ? "warm-up" : "run",
                    i < options.warmup() ? i + 1 : i - options.warmup() + 1,
                    i < options.warmup() ? options.warmup() : options.runs());
            try (ReconcileTrial trial = new ReconcileTrial(aws, trials++, reconcileCase.shape(), targets, approved)) {
                ReconcileTrial.Outcome outcome = trial.run(reconcileCase.expect(), probe);
                if (i == 0) {
                    firstRun = outcome.sample().wallNanos();
                }
                if (i >= options.warmup()) {
                    measured.add(outcome.sample());
                }
                refusal = outcome.refusal();
            }
        }
        return new ReconcileResult(reconcileCase, measured, firstRun, refusal);
    }

    /** The result line's first fields, the same for every reconcile benchmark: what ran, when, where, how often. */
    static Map<String, Object> record(String benchmark, Options options) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", benchmark);
        record.put("at", Instant.now().toString());
        record.put("machine", Machine.describe());
        record.put("warmup", options.warmup());
        record.put("runs", options.runs());
        record.put("seed", options.seed());
        return record;
    }
}
