package io.egressallowlist.shared.events;

import java.util.List;
import java.util.Map;

/**
 * Publishes control-plane events ({@link EventTypes}) on the custom bus. Implemented by
 * {@link EventBridgePublisher}.
 */
public interface EventPublisher {

    /** One event: a detail type from {@link EventTypes} and a flat detail of ids and facts, never secrets. */
    record Event(String detailType, Map<String, Object> detail) {
        public Event {
            detail = Map.copyOf(detail);
        }
    }

    /**
     * Publishes events, retrying entries EventBridge reports as failed.
     *
     * @throws EventPublishException when some entries still failed after the retries
     */
    void publish(List<Event> events);

    default void publish(Event event) {
        publish(List.of(event));
    }

    /** Some events could not be published. */
    final class EventPublishException extends RuntimeException {
        public EventPublishException(String message) {
            super(message);
        }
    }
}
