package io.egressallowlist.shared.events;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestKind;

import java.util.LinkedHashMap;
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

        /**
         * An event about a request: {@code {"requestId", "kind", "target" | "rollbackTo", "status"}} and the
         * {@code extra} facts given (an actor, a new expiry).
         */
        public static Event about(String detailType, AllowlistRequest request, Map<String, Object> extra) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("requestId", request.id().value());
            detail.put("kind", request.kind().name());
            if (request.kind() == RequestKind.ROLLBACK) {
                detail.put("rollbackTo", request.rollbackTo().value());
            } else {
                detail.put("target", request.target().value());
            }
            detail.put("status", request.status().name());
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

    /** Some events could not be published. */
    final class EventPublishException extends RuntimeException {
        public EventPublishException(String message) {
            super(message);
        }
    }
}
