package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads request bodies strictly: one JSON object, no unknown, duplicate or mistyped members, no
 * coercion ({@code "14"} is not a number, {@code 14} is not a string), nesting no deeper than
 * {@link #MAX_DEPTH}, nothing after the object. Every refusal is a 400 problem naming the member.
 */
final class JsonBodies {

    /** Our bodies are flat objects; anything deeper is refused while tokenising, before binding. */
    static final int MAX_DEPTH = 4;

    /** The body of {@code POST /requests}. */
    record SubmitBody(String domain, String justification, Integer durationDays, String scope) {
        /** The members a deployment with one list names (its {@code scope} can only be {@code default}). */
        static final Map<String, String> FIELDS = Map.of("domain", "a string", "justification", "a string",
                "durationDays", "an integer");
        /** The members a deployment with scopes names. */
        static final Map<String, String> SCOPED_FIELDS = Map.of("domain", "a string", "justification", "a string",
                "durationDays", "an integer", "scope", "a string");

        /** A body without a scope: the caller's own. */
        SubmitBody(String domain, String justification, Integer durationDays) {
            this(domain, justification, durationDays, null);
        }
    }

    /** The body of {@code POST /scopes/{name}/mode}. */
    record ModeBody(String mode, String justification) {
        static final Map<String, String> FIELDS = Map.of("mode", "a string", "justification", "a string");
    }

    /** The body of {@code POST /versions/{number}/rollback}. */
    record RollbackBody(String justification) {
        static final Map<String, String> FIELDS = Map.of("justification", "a string");
    }

    /** The body of {@code POST /requests/{id}/revoke}. */
    record RevokeBody(String reason) {
        static final Map<String, String> FIELDS = Map.of("reason", "a string");
    }

    private final ObjectMapper mapper;

    JsonBodies() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(20)
                        .maxStringLength(ApiCall.MAX_BODY_BYTES)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        for (LogicalType type : new LogicalType[] {LogicalType.Textual, LogicalType.Integer}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, type == LogicalType.Textual ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, type == LogicalType.Textual ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Array, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Object, CoercionAction.Fail);
        }
    }

    /** The body as {@code type}, whose accepted members and their kinds are {@code fields}. */
    <T> T read(String body, Class<T> type, Map<String, String> fields) {
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw Problem.invalid("body", "TOO_DEEP", "The JSON body nests deeper than " + MAX_DEPTH
                    + " levels; send a flat object.").exception();
        } catch (JsonProcessingException e) {
            throw Problem.invalid("body", "MALFORMED_JSON", "The body is not valid JSON: " + describe(e)).exception();
        }
        if (tree == null || !tree.isObject()) {
            throw Problem.invalid("body", "NOT_AN_OBJECT", "The body must be a JSON object with " + accepted(fields)
                    + ".").exception();
        }
        try {
            return mapper.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw Problem.invalid(e.getPropertyName(), "UNKNOWN_FIELD", "Unknown field '" + e.getPropertyName()
                    + "'; the accepted fields are " + accepted(fields) + ".").exception();
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().get(0).getFieldName();
            String expected = fields.getOrDefault(field, "a different type");
            throw Problem.invalid(field, "WRONG_TYPE", "The field '" + field + "' must be " + expected + ", got "
                    + kind(tree.get(field)) + ".").exception();
        } catch (JsonProcessingException e) {
            throw Problem.invalid("body", "MALFORMED_JSON", "The body could not be read: " + describe(e)).exception();
        }
    }

    private static String accepted(Map<String, String> fields) {
        return fields.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(f -> "'" + f.getKey() + "' (" + f.getValue() + ")").collect(Collectors.joining(", "));
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** Jackson's message without its source excerpt, plus the line and column. */
    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int cut = message.indexOf('\n');
        String line = cut < 0 ? message : message.substring(0, cut);
        String first = line.length() > 200 ? line.substring(0, 200) + "…" : line;
        return Optional.ofNullable(e.getLocation())
                .map(at -> first + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                .orElse(first);
    }
}
