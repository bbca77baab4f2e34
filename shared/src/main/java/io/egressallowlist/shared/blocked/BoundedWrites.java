package io.egressallowlist.shared.blocked;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent writes with at most a fixed number in flight, on threads that exist only while
 * {@link #all} runs: the pool is created by the call and shut down before it returns, so no write is still
 * running when the caller (the Lambda handler) returns, and no thread exists when SnapStart takes its
 * snapshot or while Lambda freezes the container between invocations.
 *
 * <p>Every write runs even when one fails, and {@link #all} returns or throws only after all have finished:
 * a failure is thrown (the first, the others suppressed) once the rest have taken effect, so that the retried
 * delivery finds them done.
 */
final class BoundedWrites {

    private final int inFlight;
    private final String threadName;

    BoundedWrites(int inFlight, String threadName) {
        if (inFlight < 1) {
            throw new IllegalArgumentException("at least one write in flight");
        }
        this.inFlight = inFlight;
        this.threadName = threadName;
    }

    /** The results of {@code writes}, in their order. */
    <T> List<T> all(List<Callable<T>> writes) {
        int threads = Math.min(inFlight, writes.size());
        if (threads <= 1) {
            return inline(writes);
        }
        AtomicInteger started = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, threadName + "-" + started.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> pending = new ArrayList<>(writes.size());
            for (Callable<T> write : writes) {
                pending.add(pool.submit(write));
            }
            return results(pending);
        } finally {
            // Only reached with writes still running when the caller was interrupted: they are interrupted (the
            // SDK aborts a call on interruption) and awaited, never left behind.
            pool.shutdownNow();
            awaitTermination(pool);
        }
    }

    private static <T> List<T> inline(List<Callable<T>> writes) {
        List<T> results = new ArrayList<>(writes.size());
        Failures failures = new Failures();
        for (Callable<T> write : writes) {
            try {
                results.add(write.call());
            } catch (Exception | Error e) {
                failures.add(e);
            }
        }
        failures.throwIfAny();
        return results;
    }

    private static <T> List<T> results(List<Future<T>> pending) {
        List<T> results = new ArrayList<>(pending.size());
        Failures failures = new Failures();
        for (Future<T> write : pending) {
            try {
                results.add(write.get());
            } catch (ExecutionException e) {
                failures.add(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writes were in flight", e);
            }
        }
        failures.throwIfAny();
        return results;
    }

    private static void awaitTermination(ExecutorService pool) {
        boolean interrupted = false;
        while (!pool.isTerminated()) {
            try {
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first failure, thrown as it was, with the later ones suppressed on it. */
    private static final class Failures {
        private Throwable first;

        void add(Throwable failure) {
            if (first == null) {
                first = failure;
            } else if (first != failure) {
                first.addSuppressed(failure);
            }
        }

        void throwIfAny() {
            if (first instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (first instanceof Error error) {
                throw error;
            }
            if (first != null) {
                throw new IllegalStateException("a write failed", first);
            }
        }
    }
}
