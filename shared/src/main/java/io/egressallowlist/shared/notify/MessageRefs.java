package io.egressallowlist.shared.notify;

import io.egressallowlist.shared.domain.RequestId;

import java.util.Optional;

/**
 * Where each request's card (and its latest renewal reminder) was posted, so that any function can later update it
 * in place. Kept apart
 * from the request record, so that the request store stays free of the chat it is shown in.
 */
public interface MessageRefs {

    /** Where the card of {@code requestId} is, if one was posted. */
    Optional<MessageRef> card(RequestId requestId);

    /**
     * Records the card of {@code requestId}, once: false when one was already recorded (the first one stays,
     * so that a retried notification updates it instead of posting a second card).
     */
    boolean saveCard(RequestId requestId, MessageRef card);

    /** Where the latest renewal reminder of {@code requestId} is, if one was posted. */
    Optional<MessageRef> reminder(RequestId requestId);

    /**
     * Records the latest renewal reminder of {@code requestId}, replacing an earlier one: only the latest can still
     * be clicked for the grant's current expiry, and it loses its Renew button once the grant ends.
     */
    void saveReminder(RequestId requestId, MessageRef reminder);
}
