package io.egressallowlist.emulators.core;

import java.util.Random;

/**
 * Generic faults for one service, decided before the operation runs: throttle the next N calls or a
 * fraction of calls, fail the next N calls or a fraction with the service's internal error (HTTP 500),
 * and add latency. Fractions draw from a seeded {@link Random}, so a test with a fixed seed is
 * repeatable. Operation-specific faults (token races, drift) belong to the service emulator.
 */
public final class FaultInjector {

    /** What to do with one call. */
    public enum Decision { PROCEED, THROTTLE, INTERNAL_ERROR }

    private int throttleNext;
    private double throttleFraction;
    private int internalErrorNext;
    private double internalErrorFraction;
    private long latencyMillis;
    private String onlyOperation;
    private Random random = new Random(0);

    /** Throttles the next {@code calls} calls. */
    public synchronized FaultInjector throttleNext(int calls) {
        this.throttleNext = requireNonNegative(calls);
        return this;
    }

    /** Throttles each call with probability {@code fraction} (0..1). */
    public synchronized FaultInjector throttleFraction(double fraction) {
        this.throttleFraction = requireFraction(fraction);
        return this;
    }

    /** Answers the next {@code calls} calls with the service's internal error. */
    public synchronized FaultInjector internalErrorNext(int calls) {
        this.internalErrorNext = requireNonNegative(calls);
        return this;
    }

    /** Answers each call with the internal error with probability {@code fraction} (0..1). */
    public synchronized FaultInjector internalErrorFraction(double fraction) {
        this.internalErrorFraction = requireFraction(fraction);
        return this;
    }

    /** Delays every call by {@code millis} before it is handled. */
    public synchronized FaultInjector latencyMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("latency must be >= 0 ms, got " + millis);
        }
        this.latencyMillis = millis;
        return this;
    }

    /** Restricts the faults above to one operation (null = every operation). */
    public synchronized FaultInjector onlyOperation(String operation) {
        this.onlyOperation = operation;
        return this;
    }

    /** Re-seeds the random draws used by the fractional faults. */
    public synchronized FaultInjector seed(long seed) {
        this.random = new Random(seed);
        return this;
    }

    /** Clears every fault. */
    public synchronized FaultInjector reset() {
        throttleNext = 0;
        throttleFraction = 0;
        internalErrorNext = 0;
        internalErrorFraction = 0;
        latencyMillis = 0;
        onlyOperation = null;
        random = new Random(0);
        return this;
    }

    synchronized long latencyMillis() {
        return latencyMillis;
    }

    synchronized Decision decide(String operation) {
        if (onlyOperation != null && !onlyOperation.equals(operation)) {
            return Decision.PROCEED;
        }
        if (throttleNext > 0) {
            throttleNext--;
            return Decision.THROTTLE;
        }
        if (internalErrorNext > 0) {
            internalErrorNext--;
            return Decision.INTERNAL_ERROR;
        }
        // Always draw both numbers so that one fraction does not shift the sequence of the other.
        double throttleDraw = random.nextDouble();
        double errorDraw = random.nextDouble();
        if (throttleDraw < throttleFraction) {
            return Decision.THROTTLE;
        }
        if (errorDraw < internalErrorFraction) {
            return Decision.INTERNAL_ERROR;
        }
        return Decision.PROCEED;
    }

    private static int requireNonNegative(int calls) {
        if (calls < 0) {
            throw new IllegalArgumentException("call count must be >= 0, got " + calls);
        }
        return calls;
    }

    private static double requireFraction(double fraction) {
        if (fraction < 0 || fraction > 1 || Double.isNaN(fraction)) {
            throw new IllegalArgumentException("fraction must be within 0..1, got " + fraction);
        }
        return fraction;
    }
}
