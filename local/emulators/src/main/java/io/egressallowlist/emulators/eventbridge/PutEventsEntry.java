package io.egressallowlist.emulators.eventbridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.core.AwsServiceError;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    private static final int MIN_ENTRIES = 1;
    private static final int MAX_ENTRIES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why one entry was refused: a {@code PutEventsResultEntry.ErrorCode} and the message AWS returns. */
    record Rejection(String code, String message) { }

    /**
     * The entry count is a model constraint ({@code PutEventsRequestEntryList} min 1, max 10), so a
     * violation fails the whole call with {@code ValidationException} in the standard AWS wording.
     * Entries that individually lack Source/DetailType/Detail fail one by one, even when all of them do:
     * the model doc says such a request fails as a whole, but responses recorded from the real service
     * show per-entry {@code InvalidArgument} for a single invalid entry; that all-invalid multi-entry calls
     * behave the same is a guess.
     */
    static List<PutEventsEntry> listFromJson(JsonNode entries) {
        if (entries == null || entries.isNull()) {
            throw AwsServiceError.client("ValidationException", "1 validation error detected: Value null at "
                    + "'entries' failed to satisfy constraint: Member must not be null");
        }
        if (!entries.isArray()) {
            throw AwsServiceError.client("SerializationException", "Entries must be a list");
        }
        if (entries.size() < MIN_ENTRIES) {
            throw AwsServiceError.client("ValidationException", "1 validation error detected: Value '[]' at "
                    + "'entries' failed to satisfy constraint: Member must have length greater than or equal to "
                    + MIN_ENTRIES);
        }
        if (entries.size() > MAX_ENTRIES) {
            throw AwsServiceError.client("ValidationException", "1 validation error detected: Value "
                    + "'[PutEventsRequestEntry]' at 'entries' failed to satisfy constraint: Member must have "
                    + "length less than or equal to " + MAX_ENTRIES);
        }
        List<PutEventsEntry> parsed = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            parsed.add(fromJson(entries.get(i), i));
        }
        return parsed;
    }

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

    /**
     * The per-entry checks, in the order the service reports them; empty when the entry is accepted. Codes are
     * those listed on {@code PutEventsResultEntry.ErrorCode} in the events model.
     */
    Optional<Rejection> rejection() {
        Optional<Rejection> missing = firstMissingMember();
        if (missing.isPresent()) {
            return missing;
        }
        if (detailObject().isEmpty()) {
            return Optional.of(new Rejection("MalformedDetail", "Detail is malformed."));
        }
        // Sources starting with "aws." are reserved for AWS services (aws-api-notes §4); a custom
        // PutEvents with one is refused per entry (observed in aws-samples/serverless-patterns#3089, where
        // the message is cut off after "Not authorized for the source"; the rest of it is a guess).
        if (source.startsWith("aws.")) {
            return Optional.of(new Rejection("NotAuthorizedForSourceException", "Not authorized for the source."));
        }
        return Optional.empty();
    }

    /** {@code Detail} parsed, when it is a JSON object. */
    Optional<ObjectNode> detailObject() {
        try {
            JsonNode parsed = JSON.readTree(detail);
            return parsed instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private Optional<Rejection> firstMissingMember() {
        if (isEmpty(source)) {
            return missingArgument("Source");
        }
        if (isEmpty(detailType)) {
            return missingArgument("DetailType");
        }
        return isEmpty(detail) ? missingArgument("Detail") : Optional.empty();
    }

    private static Optional<Rejection> missingArgument(String member) {
        return Optional.of(new Rejection("InvalidArgument",
                "Parameter " + member + " is not valid. Reason: " + member + " is a required argument."));
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }
}
