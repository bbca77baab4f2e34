package io.egressallowlist.shared.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.events.EventPublisher.Event;
import io.egressallowlist.shared.events.EventPublisher.EventPublishException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link EventPublisher} promises, told by what a subscriber of the bus receives. Run against the
 * recording publisher and {@code EventBridgePublisher} on the EventBridge emulator.
 */
public abstract class EventPublisherContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An event as a rule on the bus hands it to its target. */
    public record Received(String source, String detailType, JsonNode detail) { }

    /** A publisher whose events {@link #received()} reports. */
    protected abstract EventPublisher publisher();

    /** A publisher whose events the bus refuses every time (a bus that does not exist). */
    protected abstract EventPublisher publisherTheBusRefuses();

    /** Everything delivered so far, in any order. */
    protected abstract List<Received> received();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Test
    void anEventArrivesWithTheControlPlaneSourceItsDetailTypeAndItsDetail() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("requestId", "01JD8X3Q4T5V6W7X8Y9Z0ABCDE");
        detail.put("version", 7L);
        detail.put("targets", 3);
        detail.put("enforced", true);
        detail.put("added", List.of(".pastebin.com", "example.com"));

        publisher().publish(new Event(EventTypes.DRIFT_DETECTED, detail));

        assertThat(received()).containsExactly(new Received(EventTypes.SOURCE, EventTypes.DRIFT_DETECTED, json("""
                {"requestId": "01JD8X3Q4T5V6W7X8Y9Z0ABCDE", "version": 7, "targets": 3, "enforced": true,
                 "added": [".pastebin.com", "example.com"]}""")));
    }

    @Test
    void valuesThatAreNotJsonArriveAsTheirText() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("observedTo", Instant.parse("2026-11-20T10:00:00Z"));
        detail.put("status", RequestStatus.ACTIVE);
        detail.put("statuses", List.of(RequestStatus.ACTIVE, 2));

        publisher().publish(new Event(EventTypes.STALE_ENTRIES_FOUND, detail));

        assertThat(received()).extracting(Received::detail).containsExactly(json("""
                {"observedTo": "2026-11-20T10:00:00Z", "status": "ACTIVE", "statuses": ["ACTIVE", 2]}"""));
    }

    @Test
    void textArrivesExactlyAsWritten() {
        String text = "say \"hi\"\\ \r\n\t\u0001 пример 例え 🦆 </script>";

        publisher().publish(new Event(EventTypes.REQUEST_SUBMITTED, Map.of("justification", text)));

        assertThat(received()).singleElement()
                .satisfies(event -> assertThat(event.detail().path("justification").asText()).isEqualTo(text));
    }

    @Test
    void everyEventOfALargeBatchArrivesOnce() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(new Event(EventTypes.GRANT_EXPIRED, Map.of("requestId", "r" + i)));
        }

        publisher().publish(events);

        assertThat(received()).extracting(event -> event.detail().path("requestId").asText())
                .containsExactlyInAnyOrderElementsOf(events.stream().map(e -> (String) e.detail().get("requestId")).toList());
    }

    @Test
    void publishingNoEventsSendsNothing() {
        publisher().publish(List.of());

        assertThat(received()).isEmpty();
    }

    @Test
    void eventsTheBusKeepsRefusingFailThePublishAndArriveNowhere() {
        EventPublisher refused = publisherTheBusRefuses();

        assertThatThrownBy(() -> refused.publish(List.of(new Event(EventTypes.GRANT_EXPIRED, Map.of("requestId", "r1")))))
                .isInstanceOf(EventPublishException.class);

        assertThat(received()).isEmpty();
    }
}
