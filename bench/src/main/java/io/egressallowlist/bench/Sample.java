package io.egressallowlist.bench;

import java.util.Map;

/**
 * The figures of one measured reconcile.
 *
 * @param wallNanos          wall time of {@code Reconciler.run()}
 * @param heap               allocation and heap use of the reconciling thread during the run
 * @param snapshotBytes      compressed snapshot of the newest stored version after the run
 * @param updateRuleGroupBytes request body of UpdateRuleGroup (0 when the run did not write the firewall)
 * @param calls              SDK calls the run made, per operation
 */
record Sample(long wallNanos, HeapProbe.Usage heap, long snapshotBytes, long updateRuleGroupBytes,
              Map<String, CallMeter.Totals> calls) {

    /** Time spent inside SDK calls; the rest of {@link #wallNanos} is the reconciler's and the stores' own work. */
    long sdkNanos() {
        return calls.values().stream().mapToLong(CallMeter.Totals::nanos).sum();
    }

    long sdkCalls() {
        return calls.values().stream().mapToLong(CallMeter.Totals::calls).sum();
    }
}
