package io.egressallowlist.shared.testing.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.shared.events.EventPublisher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link EventPublisher} that records what it publishes, with the semantics of
 * {@code EventBridgePublisher} on the bus (both run {@code EventPublisherContract}): {@link #details} gives
 * an event's detail as a subscriber reads it — JSON in which numbers, booleans and lists stay themselves
 * and any other value becomes its text. When {@link #failing} is set, publishing throws
 * {@link EventPublishException} and records nothing, as entries the bus keeps refusing do.
 */
public final class RecordingEventPublisher implements EventPublisher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Event> published = new CopyOnWriteArrayList<>();
    /** When set, every publish fails as if the bus refused the entries. */
    public volatile boolean failing;

    @Override
    public void publish(List<Event> events) {
        if (failing) {
            throw new EventPublishException(events.size() + " event(s) could not be published: the bus refused them");
        }
        published.addAll(events);
    }

    /** Everything published, in order. */
    public List<Event> published() {
        return List.copyOf(published);
    }

    /** The details of the events of one detail type, in order, as a subscriber reads them. */
    public List<JsonNode> details(String detailType) {
        return published.stream().filter(event -> event.detailType().equals(detailType))
                .map(RecordingEventPublisher::asReceived).toList();
    }

    /** The detail as JSON text read back, so that values compare as they do in a subscriber's envelope. */
    static JsonNode asReceived(Event event) {
        Map<String, Object> plain = new LinkedHashMap<>();
        event.detail().forEach((name, value) -> plain.put(name, plain(value)));
        try {
            return JSON.readTree(JSON.writeValueAsString(plain));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a detail of plain values always writes as JSON", e);
        }
    }

    private static Object plain(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            list.forEach(item -> items.add(plain(item)));
            return items;
        }
        return value.toString();
    }
}
