package io.egressallowlist.shared.store;

import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.VersionNumber;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Small conversions between DynamoDB attribute values and Java values. Absent attributes read as null. */
final class Attributes {

    private Attributes() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue millis(Instant instant) {
        return n(instant.toEpochMilli());
    }

    static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    static void putIfPresent(Map<String, AttributeValue> item, String name, Long value) {
        if (value != null) {
            item.put(name, n(value));
        }
    }

    /** Stored as its number, as the version log's keys are. */
    static void putIfPresent(Map<String, AttributeValue> item, String name, VersionNumber value) {
        if (value != null) {
            item.put(name, n(value.value()));
        }
    }

    static void putIfPresent(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, millis(value));
        }
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static Long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Long.valueOf(value.n());
    }

    static RequestId requestId(Map<String, AttributeValue> item, String name) {
        String value = string(item, name);
        return value == null ? null : new RequestId(value);
    }

    static VersionNumber versionNumber(Map<String, AttributeValue> item, String name) {
        Long value = number(item, name);
        return value == null ? null : new VersionNumber(value);
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        Long millis = number(item, name);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    static Duration seconds(Map<String, AttributeValue> item, String name) {
        Long seconds = number(item, name);
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }

    static <E extends Enum<E>> E enumValue(Map<String, AttributeValue> item, String name, Class<E> type) {
        String value = string(item, name);
        return value == null ? null : Enum.valueOf(type, value);
    }
}
