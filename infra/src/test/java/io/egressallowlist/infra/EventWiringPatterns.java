package io.egressallowlist.infra;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads an {@code EventRoutes} pattern for comparison with the synthesized rule. */
final class EventWiringPatterns {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventWiringPatterns() {
    }

    static Map<String, Object> parse(String pattern) {
        try {
            return JSON.readValue(pattern, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(pattern, e);
        }
    }
}
