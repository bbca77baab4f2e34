package io.egressallowlist.infra.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.constructs.Node;

/**
 * Typed reads of CDK context. Values from {@code cdk.json} keep their JSON type; values given on the
 * command line ({@code -c key=value}) always arrive as strings, so every reader accepts both.
 */
public final class ContextValues {

    private final Node node;

    public ContextValues(Node node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    public String string(String key, String fallback) {
        Object value = node.tryGetContext(key);
        return value == null ? fallback : value.toString().strip();
    }

    public int integer(String key, int fallback) {
        Object value = node.tryGetContext(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Context '" + key + "' must be a whole number, was '" + value + "'.", e);
        }
    }

    public boolean bool(String key, boolean fallback) {
        Object value = node.tryGetContext(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        String text = value.toString().strip();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("Context '" + key + "' must be true or false, was '" + value + "'.");
    }

    /** A JSON array, or a comma-separated string; blank entries are dropped. */
    public List<String> list(String key, List<String> fallback) {
        Object value = node.tryGetContext(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof List<?> items) {
            return items.stream().map(Object::toString).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        return Arrays.stream(value.toString().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** A JSON object of strings, such as per-function overrides; absent means empty. */
    public Map<String, Object> object(String key) {
        Object value = node.tryGetContext(key);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            return typed;
        }
        throw new IllegalArgumentException("Context '" + key + "' must be a JSON object, was '" + value + "'.");
    }

    /**
     * A JSON list of objects, such as the scopes; absent means empty. On the command line the list arrives as its
     * JSON text ({@code -c 'scopes=[{...}]'}).
     */
    public List<Map<String, Object>> objects(String key) {
        Object value = node.tryGetContext(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String text) {
            try {
                value = new ObjectMapper().readValue(text, Object.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Context '" + key + "' must be a JSON list of objects; its text"
                        + " is not JSON: " + e.getOriginalMessage() + ".", e);
            }
        }
        if (!(value instanceof List<?> items)) {
            throw new IllegalArgumentException("Context '" + key + "' must be a JSON list of objects, was '" + value + "'.");
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("Context '" + key + "', entry " + (i + 1) + " must be a JSON object,"
                        + " was '" + items.get(i) + "'.");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            objects.add(typed);
        }
        return objects;
    }
}
