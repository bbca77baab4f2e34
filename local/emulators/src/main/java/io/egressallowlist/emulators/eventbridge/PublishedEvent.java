package io.egressallowlist.emulators.eventbridge;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event that reached a bus, as the envelope that rules and targets see.
 *
 * @param eventBusName the bus it was put on
 * @param envelope     {@code version, id, detail-type, source, account, time, region, resources, detail}
 */
public record PublishedEvent(String eventBusName, ObjectNode envelope) {

    public String id() {
        return envelope.path("id").asText();
    }

    public String source() {
        return envelope.path("source").asText();
    }

    public String detailType() {
        return envelope.path("detail-type").asText();
    }
}
