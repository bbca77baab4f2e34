package io.egressallowlist.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Heap figures for one piece of work on the current thread:
 * <ul>
 *   <li>allocated — bytes the thread allocated ({@code ThreadMXBean.getThreadAllocatedBytes}): the churn the
 *       work causes, whether or not a collection ran in between;</li>
 *   <li>peak — the most heap in use at any point during the work, from the heap pools' peak usage, reset
 *       after a full collection just before it. Summing per-pool peaks can only overstate;</li>
 *   <li>retained — heap still in use after a full collection afterwards, minus the same before.</li>
 * </ul>
 * {@code System.gc()} is a request; the benchmarks run with the default collector, which honours it.
 */
final class HeapProbe {

    /** The figures of one measured piece of work. */
    record Usage(long allocatedBytes, long peakBytes, long retainedBytes) {
    }

    /** Taken just before the work starts. */
    record Start(long allocatedBefore, long usedAfterGc) {
    }

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .toList();

    Start start() {
        collect();
        long used = used();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        return new Start(allocatedByThisThread(), used);
    }

    Usage stop(Start start) {
        long allocated = allocatedByThisThread() - start.allocatedBefore();
        long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        collect();
        return new Usage(allocated, peak, used() - start.usedAfterGc());
    }

    private long allocatedByThisThread() {
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private long used() {
        return heapPools.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
    }

    private static void collect() {
        // Twice: the first pass may only queue finalizable and weakly reachable objects.
        System.gc();
        System.gc();
    }
}
