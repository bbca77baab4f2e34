package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;

/** Small helpers for reading requests and writing responses. */
final class Json {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array(Collection<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /** awsJson timestamps are epoch seconds as a JSON number (aws-api-notes §1.1); milliseconds are kept. */
    static DecimalNode timestamp(Instant instant) {
        return DecimalNode.valueOf(BigDecimal.valueOf(instant.toEpochMilli(), 3));
    }

    /** A string member, or null when absent or JSON null. */
    static String text(JsonNode input, String member) {
        JsonNode value = input.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** An integer member, or null when absent or JSON null. */
    static Integer integer(JsonNode input, String member) {
        JsonNode value = input.get(member);
        return value == null || value.isNull() ? null : value.asInt();
    }

    static boolean flag(JsonNode input, String member) {
        return input.path(member).asBoolean(false);
    }

    /** A copy of an object member, or null when absent. */
    static ObjectNode objectCopy(JsonNode input, String member) {
        JsonNode value = input.get(member);
        return value instanceof ObjectNode object ? object.deepCopy() : null;
    }

    /** Copies the listed members that are present from {@code from} to a new object. */
    static ObjectNode pick(JsonNode from, String... members) {
        ObjectNode picked = object();
        for (String member : members) {
            if (from.hasNonNull(member)) {
                picked.set(member, from.get(member).deepCopy());
            }
        }
        return picked;
    }
}
