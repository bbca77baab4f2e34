package io.egressallowlist.emulators.eventbridge;

/** A registered in-process target. Closing it (or calling {@link #unsubscribe()}) stops delivery. */
public interface Subscription extends AutoCloseable {

    /** Stops delivering events to this target. Calling it again has no effect. */
    void unsubscribe();

    @Override
    default void close() {
        unsubscribe();
    }
}
