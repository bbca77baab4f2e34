package io.egressallowlist.emulators.eventbridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The envelope every target receives (aws-api-notes §4), in the documented field order, with what the caller
 * left out filled in as EventBridge fills it: version {@code 0}, a new id, this account and Region, now.
 */
final class EventEnvelopes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventBridgeSettings settings;

    EventEnvelopes(EventBridgeSettings settings) {
        this.settings = settings;
    }

    /** The envelope of an accepted {@code PutEvents} entry. */
    ObjectNode of(PutEventsEntry entry) {
        ObjectNode event = JSON.createObjectNode()
                .put("source", entry.source())
                .put("detail-type", entry.detailType());
        if (entry.time() != null) {
            event.put("time", isoSeconds(entry.time()));
        }
        ArrayNode resources = event.putArray("resources");
        entry.resources().forEach(resources::add);
        event.set("detail", entry.detailObject().orElseThrow(() ->
                new IllegalStateException("detail was validated as a JSON object")));
        return complete(event);
    }

    /** {@code event} with every envelope field, defaults filled in. */
    ObjectNode complete(ObjectNode event) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("version", event.path("version").asText("0"));
        envelope.put("id", event.hasNonNull("id") ? event.get("id").asText() : settings.eventIds().get());
        envelope.put("detail-type", event.get("detail-type").asText());
        envelope.put("source", event.get("source").asText());
        envelope.put("account", event.path("account").asText(settings.accountId()));
        envelope.put("time", event.hasNonNull("time") ? event.get("time").asText()
                : isoSeconds(settings.clock().instant()));
        envelope.put("region", event.path("region").asText(settings.region()));
        envelope.set("resources", event.has("resources") ? event.get("resources").deepCopy() : JSON.createArrayNode());
        envelope.set("detail", event.has("detail") ? event.get("detail").deepCopy() : JSON.createObjectNode());
        return envelope;
    }

    private static String isoSeconds(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
