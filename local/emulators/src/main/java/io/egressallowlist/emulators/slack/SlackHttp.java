package io.egressallowlist.emulators.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** How Slack's HTTP looks on both sides: arguments as JSON or form fields, answers as {@code {"ok": …}}. */
final class SlackHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private SlackHttp() {
    }

    /** Slack's failure answer, {@code {"ok": false, "error": code}}. */
    static ObjectNode error(String code) {
        return JSON.createObjectNode().put("ok", false).put("error", code);
    }

    static ObjectNode ok() {
        return JSON.createObjectNode().put("ok", true);
    }

    /** The call's arguments from a JSON body, a form body or the query string. */
    static ObjectNode arguments(HttpExchange exchange) throws IOException {
        ObjectNode args = JSON.createObjectNode();
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            formDecode(query, args);
        }
        String body = readBody(exchange);
        if (body.isBlank()) {
            return args;
        }
        String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (contentType.startsWith("application/json")) {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.isObject()) {
                args.setAll((ObjectNode) json);
            }
        } else {
            formDecode(body, args);
        }
        return args;
    }

    /** {@code blocks} as an array; a form post carries it as a JSON string. Empty when absent or invalid. */
    static Optional<JsonNode> blocks(ObjectNode args) {
        JsonNode blocks = args.get("blocks");
        if (blocks == null || blocks.isNull()) {
            return Optional.empty();
        }
        if (blocks.isTextual()) {
            try {
                blocks = JSON.readTree(blocks.asText());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return blocks != null && blocks.isArray() ? Optional.of(blocks) : Optional.empty();
    }

    /** {@code application/x-www-form-urlencoded}, fields in their map order. */
    static String formEncode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static void formDecode(String encoded, ObjectNode into) {
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(name, value);
        }
    }

    static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IOException("request body too large");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
