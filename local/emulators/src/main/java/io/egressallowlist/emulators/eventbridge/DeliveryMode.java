package io.egressallowlist.emulators.eventbridge;

/** How accepted events reach in-process subscribers. */
public enum DeliveryMode {

    /**
     * On one background thread, in publication order, after {@code PutEvents} has answered; like AWS,
     * where targets are invoked asynchronously (aws-api-notes §4).
     */
    ASYNCHRONOUS,

    /** On the publishing thread, before {@code PutEvents} answers; deterministic for tests. */
    SYNCHRONOUS
}
