package io.egressallowlist.shared.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The lease that makes one run at a time the writer of the version log and the rule group, whatever the
 * function's concurrency. A run that finds the lease held does not wait: it records that work is pending, and
 * the holder, whose release is refused while such a mark is newer than what it has seen, reconciles again
 * before it lets go. The reconciler is level-triggered, so one more pass takes in everything the marks stand
 * for. A holder that dies keeps the lease only until its expiry, which the holder sets beyond its own deadline.
 *
 * <p>Implementations make each operation atomic (DynamoDB: one conditional {@code UpdateItem}).
 */
public interface WriterLease {

    /**
     * Takes the lease for {@code owner} until {@code until} when it is free, expired at {@code now}, or held by
     * {@code owner} already (a retry of the same invocation, whose earlier attempt has ended); otherwise records
     * pending work for the holder and says who holds it.
     */
    Claim claim(String owner, Instant now, Instant until);

    /**
     * Extends the lease of {@code held} to {@code until} and reads the pending mark as it is now; empty when
     * {@code held.owner()} holds it no longer (it expired and was taken).
     */
    Optional<Held> renew(Held held, Instant until);

    /** Lets go, unless work was recorded after {@code held} was read: then false, and the lease is still held. */
    boolean release(Held held);

    /** Lets go whatever was recorded (a failed run: its retry, or the next event, reconciles everything). */
    void abandon(Held held);

    /** The lease as its holder last saw it: {@code pending} counts the work recorded by runs that found it held. */
    record Held(String owner, long pending, Instant until) {
        public Held {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(until, "until");
        }
    }

    /** The outcome of {@link #claim}: the lease, or who holds it (and the mark was recorded). */
    sealed interface Claim {
        <R> R match(Function<Acquired, R> acquired, Function<Busy, R> busy);
    }

    record Acquired(Held held) implements Claim {
        @Override
        public <R> R match(Function<Acquired, R> acquired, Function<Busy, R> busy) {
            return acquired.apply(this);
        }
    }

    record Busy(String holder, Instant until) implements Claim {
        @Override
        public <R> R match(Function<Acquired, R> acquired, Function<Busy, R> busy) {
            return busy.apply(this);
        }
    }
}
