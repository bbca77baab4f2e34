package io.egressallowlist.shared.events;

import io.egressallowlist.shared.domain.AllowlistRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes control-plane events ({@link AllowlistEvent}) on the custom bus. Implemented by
 * {@code eventbridge.EventBridgePublisher}.
 */
public interface EventPublisher {

    /** One event: a detail type from {@link EventTypes} and a flat detail of ids and facts, never secrets. */
    record Event(String detailType, Map<String, Object> detail) {
        public Event {
            detail = Map.copyOf(detail);
        }

        /**
         * An event about a request ({@link AllowlistEvent.RequestChanged}) with the {@code extra} facts given
         * (an actor, a new expiry) as a map.
         */
        public static Event about(String detailType, AllowlistRequest request, Map<String, Object> extra) {
            Map<String, Object> detail = new LinkedHashMap<>(AllowlistEvent.RequestChanged.of(detailType, request).detail());
            detail.putAll(extra);
            return new Event(detailType, detail);
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

    /** Publishes typed events in order, as {@link #publish(List)} does. */
    default void publishAll(List<? extends AllowlistEvent> events) {
        publish(events.stream().map(AllowlistEvent::toEvent).toList());
    }

    /** Some events could not be published. */
    final class EventPublishException extends RuntimeException {
        public EventPublishException(String message) {
            super(message);
        }
    }
}
