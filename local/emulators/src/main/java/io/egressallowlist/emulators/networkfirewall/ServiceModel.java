package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The botocore service model of Network Firewall, bundled as a resource, used to check every request
 * against the shapes the real service declares: required members, string lengths and patterns, enum
 * values, numeric ranges and list sizes. Checks that the model cannot express (one member or the other,
 * capacity, references) live in the operations.
 *
 * <p>The messages follow the wording of AWS validation errors ("Value 'x' at 'Member' failed to satisfy
 * constraint: …"), naming members by their path in the request so a person can find the culprit.
 */
final class ServiceModel {

    private static final String RESOURCE = "/aws-models/network-firewall-2020-11-12.json";
    private static final int SHOWN_VALUE_CHARS = 80;

    private final JsonNode operations;
    private final JsonNode shapes;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    private ServiceModel(JsonNode model) {
        this.operations = model.path("operations");
        this.shapes = model.path("shapes");
    }

    /** The model, parsed once per class loader: it never changes, and parsing it costs more than a test's calls. */
    static ServiceModel networkFirewall() {
        return Loaded.NETWORK_FIREWALL;
    }

    private static final class Loaded {
        static final ServiceModel NETWORK_FIREWALL = load();
    }

    private static ServiceModel load() {
        try (InputStream in = ServiceModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("service model missing from the classpath: " + RESOURCE);
            }
            return new ServiceModel(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service model " + RESOURCE, e);
        }
    }

    /**
     * Checks {@code input} against the input shape of {@code operation}.
     *
     * @throws io.egressallowlist.emulators.core.AwsServiceError InvalidRequestException listing every
     *         constraint that failed, or SerializationException for a member of the wrong JSON type
     */
    void validateInput(String operation, JsonNode input) {
        String inputShape = operations.path(operation).path("input").path("shape").asText();
        List<String> problems = new ArrayList<>();
        validate(inputShape, input, "", problems);
        if (!problems.isEmpty()) {
            String count = problems.size() == 1 ? "1 validation error" : problems.size() + " validation errors";
            throw NetworkFirewallErrors.INVALID_REQUEST.error(count + " detected: " + String.join("; ", problems));
        }
    }

    private void validate(String shapeName, JsonNode value, String path, List<String> problems) {
        JsonNode shape = shapes.path(shapeName);
        switch (shape.path("type").asText()) {
            case "structure" -> validateStructure(shape, value, path, problems);
            case "list" -> validateList(shape, value, path, problems);
            case "map" -> validateMap(shape, value, path, problems);
            case "string" -> validateString(shape, value, path, problems);
            case "integer", "long" -> validateInteger(shape, value, path, problems);
            case "boolean" -> requireType(value.isBoolean(), "a boolean", path);
            case "timestamp", "double", "float" -> requireType(value.isNumber(), "a number", path);
            case "blob" -> requireType(value.isTextual(), "a base64 string", path);
            default -> throw new IllegalStateException("model shape " + shapeName + " has unknown type " + shape.path("type"));
        }
    }

    private void validateStructure(JsonNode shape, JsonNode value, String path, List<String> problems) {
        requireType(value.isObject(), "an object", path);
        for (JsonNode required : shape.path("required")) {
            JsonNode member = value.get(required.asText());
            if (member == null || member.isNull()) {
                problems.add("Value null at '" + child(path, required.asText()) + "' failed to satisfy constraint: "
                        + "Member must not be null");
            }
        }
        Iterator<Map.Entry<String, JsonNode>> members = shape.path("members").fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            JsonNode memberValue = value.get(member.getKey());
            if (memberValue != null && !memberValue.isNull()) {
                validate(member.getValue().path("shape").asText(), memberValue, child(path, member.getKey()), problems);
            }
        }
    }

    private void validateList(JsonNode shape, JsonNode value, String path, List<String> problems) {
        requireType(value.isArray(), "an array", path);
        checkSize(shape, value.size(), path, problems);
        String memberShape = shape.path("member").path("shape").asText();
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (element.isNull()) {
                problems.add("Value null at '" + path + "[" + i + "]' failed to satisfy constraint: Member must not be null");
            } else {
                validate(memberShape, element, path + "[" + i + "]", problems);
            }
        }
    }

    private void validateMap(JsonNode shape, JsonNode value, String path, List<String> problems) {
        requireType(value.isObject(), "an object", path);
        checkSize(shape, value.size(), path, problems);
        String keyShape = shape.path("key").path("shape").asText();
        String valueShape = shape.path("value").path("shape").asText();
        Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String entryPath = path + "." + entry.getKey();
            validateString(shapes.path(keyShape), new TextNode(entry.getKey()),
                    entryPath + " (key)", problems);
            if (!entry.getValue().isNull()) {
                validate(valueShape, entry.getValue(), entryPath, problems);
            }
        }
    }

    private void validateString(JsonNode shape, JsonNode value, String path, List<String> problems) {
        requireType(value.isTextual(), "a string", path);
        String text = value.asText();
        int length = text.codePointCount(0, text.length());
        if (shape.has("min") && length < shape.get("min").asInt()) {
            problems.add(failed(text, path, "Member must have length greater than or equal to " + shape.get("min").asInt()));
        }
        if (shape.has("max") && length > shape.get("max").asInt()) {
            problems.add(failed(text, path, "Member must have length less than or equal to " + shape.get("max").asInt()));
        }
        if (shape.has("pattern") && !pattern(shape.get("pattern").asText()).matcher(text).find()) {
            problems.add(failed(text, path, "Member must satisfy regular expression pattern: " + shape.get("pattern").asText()));
        }
        if (shape.has("enum") && !containsText(shape.get("enum"), text)) {
            problems.add(failed(text, path, "Member must satisfy enum value set: " + shape.get("enum")));
        }
    }

    private void validateInteger(JsonNode shape, JsonNode value, String path, List<String> problems) {
        requireType(value.isIntegralNumber() && value.canConvertToLong(), "an integer", path);
        long number = value.asLong();
        if (shape.has("min") && number < shape.get("min").asLong()) {
            problems.add(failed(value.asText(), path, "Member must have value greater than or equal to " + shape.get("min").asLong()));
        }
        if (shape.has("max") && number > shape.get("max").asLong()) {
            problems.add(failed(value.asText(), path, "Member must have value less than or equal to " + shape.get("max").asLong()));
        }
    }

    private static void checkSize(JsonNode shape, int size, String path, List<String> problems) {
        if (shape.has("min") && size < shape.get("min").asInt()) {
            problems.add("Value with " + size + " elements at '" + path + "' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to " + shape.get("min").asInt());
        }
        if (shape.has("max") && size > shape.get("max").asInt()) {
            problems.add("Value with " + size + " elements at '" + path + "' failed to satisfy constraint: "
                    + "Member must have length less than or equal to " + shape.get("max").asInt());
        }
    }

    private static void requireType(boolean matches, String expected, String path) {
        if (!matches) {
            throw NetworkFirewallErrors.SERIALIZATION.error("Expected " + expected + " at '" + path + "'");
        }
    }

    private Pattern pattern(String regex) {
        // Smithy patterns are not implicitly anchored, so a match anywhere counts; most NFW patterns anchor themselves.
        return patterns.computeIfAbsent(regex, Pattern::compile);
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode element : array) {
            if (element.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }

    private static String failed(String value, String path, String constraint) {
        String shown = value.length() > SHOWN_VALUE_CHARS ? value.substring(0, SHOWN_VALUE_CHARS) + "…" : value;
        return "Value '" + shown + "' at '" + path + "' failed to satisfy constraint: " + constraint;
    }

    private static String child(String path, String member) {
        return path.isEmpty() ? member : path + "." + member;
    }
}
