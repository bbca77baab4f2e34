package io.egressallowlist.shared.eventbridge;

import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.events.EventTypes;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code PutEvents} in batches of at most 10 entries (aws-api-notes §4). PutEvents can succeed while
 * individual entries fail ({@code FailedEntryCount}); those entries are sent again, a bounded number of
 * times, and reported if they still fail.
 */
public record EventBridgePublisher(EventBridgeClient client, String busName) implements EventPublisher {

    private static final int MAX_ENTRIES = 10;
    private static final int MAX_ATTEMPTS = 3;

    @Override
    public void publish(List<Event> events) {
        List<PutEventsRequestEntry> pending = new ArrayList<>();
        for (Event event : events) {
            pending.add(PutEventsRequestEntry.builder()
                    .eventBusName(busName)
                    .source(EventTypes.SOURCE)
                    .detailType(event.detailType())
                    .detail(Json.write(event.detail()))
                    .build());
        }
        String lastError = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && !pending.isEmpty(); attempt++) {
            List<PutEventsRequestEntry> failed = new ArrayList<>();
            for (int from = 0; from < pending.size(); from += MAX_ENTRIES) {
                List<PutEventsRequestEntry> batch = pending.subList(from, Math.min(pending.size(), from + MAX_ENTRIES));
                PutEventsResponse response = client.putEvents(b -> b.entries(batch));
                if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
                    continue;
                }
                for (int i = 0; i < batch.size(); i++) {
                    PutEventsResultEntry result = response.entries().get(i);
                    if (result.errorCode() != null) {
                        failed.add(batch.get(i));
                        lastError = result.errorCode() + ": " + result.errorMessage();
                    }
                }
            }
            pending = failed;
        }
        if (!pending.isEmpty()) {
            throw new EventPublishException(pending.size() + " event(s) could not be published to " + busName
                    + " after " + MAX_ATTEMPTS + " attempts; last error " + lastError);
        }
    }

    /** Minimal JSON writing for flat details (strings, numbers, booleans, lists of those). */
    static final class Json {
        private Json() {
        }

        static String write(Map<String, Object> detail) {
            StringBuilder json = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<String, Object> entry : new java.util.TreeMap<>(detail).entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                string(json, entry.getKey());
                json.append(':');
                value(json, entry.getValue());
            }
            return json.append('}').toString();
        }

        private static void value(StringBuilder json, Object value) {
            if (value == null) {
                json.append("null");
            } else if (value instanceof Number || value instanceof Boolean) {
                json.append(value);
            } else if (value instanceof List<?> list) {
                json.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        json.append(',');
                    }
                    value(json, list.get(i));
                }
                json.append(']');
            } else {
                string(json, value.toString());
            }
        }

        private static void string(StringBuilder json, String text) {
            json.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    case '\n' -> json.append("\\n");
                    case '\r' -> json.append("\\r");
                    case '\t' -> json.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            json.append(String.format("\\u%04x", (int) c));
                        } else {
                            json.append(c);
                        }
                    }
                }
            }
            json.append('"');
        }
    }
}
