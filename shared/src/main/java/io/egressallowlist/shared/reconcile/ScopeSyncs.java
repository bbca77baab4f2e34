package io.egressallowlist.shared.reconcile;

import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.Scopes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * firewall-sync over the scopes: one {@link FirewallSync} per scope, each the single writer of its own version log
 * and rule group (its own writer lease), so scopes never wait on one another. A run of every scope gives each its
 * own thread: a slow scope (a throttled rule group, a long token race) delays no other, and one that fails stops no
 * other; the outcome lists every scope. A run of one scope runs on the caller's thread, exactly as a deployment
 * with one list always has, so its failures reach the caller as they are.
 */
public final class ScopeSyncs {

    /** What one scope's invocation came to: its result, or the failure it ended with. */
    public sealed interface Outcome {
        <R> R match(Function<Ran, R> ran, Function<Failed, R> failed);
    }

    public record Ran(FirewallSync.Result result) implements Outcome {
        @Override
        public <R> R match(Function<Ran, R> ran, Function<Failed, R> failed) {
            return ran.apply(this);
        }
    }

    public record Failed(RuntimeException error) implements Outcome {
        @Override
        public <R> R match(Function<Ran, R> ran, Function<Failed, R> failed) {
            return failed.apply(this);
        }
    }

    /** Every scope that ran, in declaration order. */
    public record Report(Map<ScopeName, Outcome> outcomes) {
        public Report {
            outcomes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
        }

        /** The first failure, in declaration order: what Lambda is to see, after every scope has run. */
        public Optional<RuntimeException> firstFailure() {
            return outcomes.values().stream().map(outcome -> outcome.match(ran -> (RuntimeException) null,
                    Failed::error)).filter(Objects::nonNull).findFirst();
        }
    }

    private final Map<ScopeName, FirewallSync> syncs;

    /** @param syncs one per scope, in declaration order */
    public ScopeSyncs(Map<ScopeName, FirewallSync> syncs) {
        if (syncs.isEmpty()) {
            throw new IllegalArgumentException("no scope to reconcile");
        }
        this.syncs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(syncs));
    }

    public List<ScopeName> scopes() {
        return List.copyOf(syncs.keySet());
    }

    /** The sync of {@code scope}; {@link Scopes.UnknownScopeException} naming the scopes there are otherwise. */
    public FirewallSync of(ScopeName scope) {
        FirewallSync sync = syncs.get(scope);
        if (sync == null) {
            throw new Scopes.UnknownScopeException(scope, scopes());
        }
        return sync;
    }

    /** One scope's invocation, on this thread; its failures are thrown as they are. */
    public FirewallSync.Result runOne(ScopeName scope, String requestId, Duration remaining) {
        return of(scope).run(requestId, remaining);
    }

    /**
     * Every scope, each on its own thread, all within {@code remaining}; returns when all have ended. With one
     * scope, it runs on this thread and its failure is thrown, as before scopes existed.
     */
    public Report runAll(String requestId, Duration remaining) {
        Map<ScopeName, Outcome> outcomes = new LinkedHashMap<>();
        if (syncs.size() == 1) {
            ScopeName only = syncs.keySet().iterator().next();
            outcomes.put(only, new Ran(runOne(only, requestId, remaining)));
            return new Report(outcomes);
        }
        ExecutorService threads = Executors.newFixedThreadPool(syncs.size(), runnable -> {
            Thread thread = new Thread(runnable, "firewall-sync-scope");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Map.Entry<ScopeName, Future<FirewallSync.Result>>> running = new ArrayList<>();
            syncs.forEach((scope, sync) -> running.add(Map.entry(scope,
                    threads.submit(() -> sync.run(requestId, remaining)))));
            for (Map.Entry<ScopeName, Future<FirewallSync.Result>> scope : running) {
                outcomes.put(scope.getKey(), await(scope.getValue()));
            }
            return new Report(outcomes);
        } finally {
            threads.shutdownNow();
        }
    }

    private static Outcome await(Future<FirewallSync.Result> run) {
        try {
            return new Ran(run.get());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new Failed(cause instanceof RuntimeException runtime ? runtime
                    : new ReconcileException("the scope's reconcile failed: " + cause, cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed(new ReconcileException("interrupted while waiting for the scope's reconcile", e));
        }
    }
}
