package io.egressallowlist.bench;

import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.VersionDiff;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link VersionDiff#between} on two versions of the same size, the work behind "what changed in version
 * N" and every audit record of a new version. In-process only: no I/O is involved.
 */
final class DiffTiming {

    /** One measured diff. */
    record DiffSample(long nanos, long allocatedBytes) {
    }

    /** The figures, and what was compared. */
    record Result(int size, int added, int removed, List<DiffSample> samples) {
        Stats micros() {
            return Stats.of(samples, s -> s.nanos() / 1e3);
        }

        Stats allocatedKB() {
            return Stats.of(samples, s -> s.allocatedBytes() / 1024.0);
        }
    }

    private static final int WARMUP_CALLS = 5_000;

    private DiffTiming() {
    }

    /**
     * Diffs the first {@code size} targets of {@code pool} against the same list with {@code changed} of its
     * entries replaced by as many others from the pool (as a rollback over a busy week would).
     */
    static Result measure(List<String> pool, int size, int changed, int runs) {
        List<String> from = AllowlistVersion.sortedTargets(pool.subList(0, size));
        List<String> toUnsorted = new ArrayList<>(pool.subList(changed, size));
        toUnsorted.addAll(pool.subList(size, size + changed));
        List<String> to = AllowlistVersion.sortedTargets(toUnsorted);

        VersionDiff check = VersionDiff.between(from, to);
        if (check.added().size() != changed || check.removed().size() != changed) {
            throw new IllegalStateException("expected +" + changed + " \u2212" + changed + ", got " + check.summary());
        }
        for (int i = 0; i < WARMUP_CALLS; i++) {
            check = VersionDiff.between(from, to);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        List<DiffSample> samples = new ArrayList<>();
        long seen = 0; // uses every result, so the JIT cannot drop the work
        for (int i = 0; i < runs; i++) {
            long allocatedBefore = threads.getThreadAllocatedBytes(thread);
            long began = System.nanoTime();
            VersionDiff diff = VersionDiff.between(from, to);
            long nanos = System.nanoTime() - began;
            samples.add(new DiffSample(nanos, threads.getThreadAllocatedBytes(thread) - allocatedBefore));
            seen += diff.added().size();
        }
        if (seen != (long) runs * changed) {
            throw new IllegalStateException("the diff changed between runs");
        }
        return new Result(size, changed, changed, samples);
    }
}
