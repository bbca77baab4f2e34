package io.egressallowlist.emulators.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.core.AwsServiceError;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code PutEventsRequestEntry} as received on the wire (events model, aws-api-notes §4). Fields the
 * caller left out are null.
 */
record PutEventsEntry(
        Instant time,
        String source,
        List<String> resources,
        String detailType,
        String detail,
        String eventBusName,
        String traceHeader) {

    /** The byte count AWS charges for the {@code Time} member, whatever its value. */
    private static final int TIME_BYTES = 14;

    static PutEventsEntry fromJson(JsonNode entry, int index) {
        if (!entry.isObject()) {
            throw AwsServiceError.client("SerializationException", "Entries[" + index + "] must be a JSON object");
        }
        return new PutEventsEntry(
                time(entry.get("Time"), index),
                text(entry, "Source", index),
                resources(entry.get("Resources"), index),
                text(entry, "DetailType", index),
                text(entry, "Detail", index),
                text(entry, "EventBusName", index),
                text(entry, "TraceHeader", index));
    }

    /**
     * The entry size exactly as the EventBridge user guide computes it ("Calculating PutEvents event entry
     * size"): 14 bytes for a {@code Time}, plus the UTF-8 bytes of {@code Source}, {@code DetailType},
     * {@code Detail} and each {@code Resources} element. Other members ({@code EventBusName},
     * {@code TraceHeader}) are not counted.
     */
    int size() {
        int size = time == null ? 0 : TIME_BYTES;
        size += utf8Length(source) + utf8Length(detailType) + utf8Length(detail);
        for (String resource : resources) {
            size += utf8Length(resource);
        }
        return size;
    }

    private static int utf8Length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String text(JsonNode entry, String member, int index) {
        JsonNode value = entry.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw AwsServiceError.client("SerializationException",
                    "Entries[" + index + "]." + member + " must be a string");
        }
        return value.textValue();
    }

    /** awsJson timestamps are epoch seconds as a JSON number (aws-api-notes §1.1). */
    private static Instant time(JsonNode value, int index) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw AwsServiceError.client("SerializationException",
                    "Entries[" + index + "].Time must be epoch seconds as a number");
        }
        BigDecimal seconds = value.decimalValue();
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    private static List<String> resources(JsonNode value, int index) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw AwsServiceError.client("SerializationException",
                    "Entries[" + index + "].Resources must be a list of strings");
        }
        List<String> resources = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw AwsServiceError.client("SerializationException",
                        "Entries[" + index + "].Resources must be a list of strings");
            }
            resources.add(element.textValue());
        }
        return List.copyOf(resources);
    }
}
