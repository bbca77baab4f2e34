package io.egressallowlist.emulators.eventbridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * An EventBridge event pattern: the same JSON that a rule's {@code EventPattern} holds, parsed once and
 * matched against event envelopes.
 *
 * <p>Supported subset of the EventBridge pattern language (EventBridge user guide, "Event patterns" and
 * "Content filtering"):
 * <ul>
 *   <li>a field maps either to a nested pattern (JSON object) or to an array of allowed values;</li>
 *   <li>allowed values: exact strings, numbers (compared numerically), booleans and {@code null};</li>
 *   <li>operators {@code prefix}, {@code suffix}, {@code equals-ignore-case}, {@code exists},
 *       {@code numeric}, and {@code anything-but} with a value, a list of values, or a
 *       {@code prefix} / {@code suffix} / {@code equals-ignore-case} object;</li>
 *   <li>all fields of a pattern must match (AND); any value of a field's array may match (OR);</li>
 *   <li>when the event holds an array, the field matches if any element matches.</li>
 * </ul>
 * Anything else ({@code $or}, {@code wildcard}, {@code cidr}, …) is refused with an
 * {@link IllegalArgumentException}, so a rule the emulator cannot evaluate fails loudly in tests instead
 * of silently matching nothing.
 */
public final class EventPattern {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventPattern EVERYTHING = new EventPattern(List.of(), "{}");

    /** One key of a pattern: either a nested pattern or a list of alternatives for a leaf value. */
    private sealed interface FieldRule permits NestedRule, LeafRule {
        String field();
    }

    private record NestedRule(String field, List<FieldRule> rules) implements FieldRule { }

    private record LeafRule(String field, List<Condition> alternatives) implements FieldRule { }

    private final List<FieldRule> rules;
    private final String source;

    private EventPattern(List<FieldRule> rules, String source) {
        this.rules = rules;
        this.source = source;
    }

    /**
     * Parses a JSON event pattern.
     *
     * @throws IllegalArgumentException when the text is not JSON, not an object, empty, or uses an
     *                                  operator this emulator does not implement
     */
    public static EventPattern parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event pattern is not valid JSON: " + e.getOriginalMessage());
        }
        return of(root);
    }

    /** Parses an event pattern that is already a JSON tree. */
    public static EventPattern of(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("Event pattern must be a JSON object, got: " + root);
        }
        if (root.isEmpty()) {
            throw new IllegalArgumentException("Event pattern must name at least one field; "
                    + "use EventPattern.matchingEverything() to receive every event");
        }
        return new EventPattern(parseObject(root, ""), root.toString());
    }

    /** A pattern that matches every event; useful for subscribers that record all traffic. */
    public static EventPattern matchingEverything() {
        return EVERYTHING;
    }

    /** Whether the event (a full envelope, or any JSON object) matches this pattern. */
    public boolean matches(JsonNode event) {
        return matchesAll(rules, event == null ? MissingNode.getInstance() : event);
    }

    @Override
    public String toString() {
        return source;
    }

    // ---- parsing ------------------------------------------------------------------------------------

    private static List<FieldRule> parseObject(JsonNode object, String path) {
        List<FieldRule> parsed = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            parsed.add(parseField(field.getKey(), field.getValue(), path + "/" + field.getKey()));
        }
        return List.copyOf(parsed);
    }

    private static FieldRule parseField(String name, JsonNode value, String path) {
        if (name.startsWith("$")) {
            throw new IllegalArgumentException("Unsupported event pattern operator '" + name + "' at " + path);
        }
        if (value.isObject()) {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("Empty object in event pattern at " + path);
            }
            return new NestedRule(name, parseObject(value, path));
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("Event pattern values must be arrays or objects; "
                    + path + " is " + value);
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("Empty array in event pattern at " + path);
        }
        List<Condition> alternatives = new ArrayList<>();
        for (JsonNode element : value) {
            alternatives.add(Condition.parse(element, path));
        }
        return new LeafRule(name, List.copyOf(alternatives));
    }

    // ---- matching -----------------------------------------------------------------------------------

    private static boolean matchesAll(List<FieldRule> rules, JsonNode event) {
        for (FieldRule rule : rules) {
            if (!matches(rule, event)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(FieldRule rule, JsonNode event) {
        JsonNode child = event.path(rule.field());
        if (rule instanceof NestedRule nested) {
            return matchesNested(nested, child);
        }
        return matchesLeaf((LeafRule) rule, leafValues(child));
    }

    private static boolean matchesNested(NestedRule nested, JsonNode child) {
        List<JsonNode> objects = new ArrayList<>();
        collectObjects(child, objects);
        if (objects.isEmpty()) {
            // Still evaluate, so that {"exists": false} below a missing parent matches.
            return matchesAll(nested.rules(), MissingNode.getInstance());
        }
        return objects.stream().anyMatch(object -> matchesAll(nested.rules(), object));
    }

    private static boolean matchesLeaf(LeafRule leaf, List<JsonNode> values) {
        return leaf.alternatives().stream().anyMatch(condition -> condition.test(values));
    }

    private static void collectObjects(JsonNode node, List<JsonNode> into) {
        if (node.isObject()) {
            into.add(node);
        } else if (node.isArray()) {
            node.forEach(element -> collectObjects(element, into));
        }
    }

    /** The leaf values of a field: arrays are flattened; objects are not leaves. */
    private static List<JsonNode> leafValues(JsonNode node) {
        List<JsonNode> values = new ArrayList<>();
        collectLeaves(node, values);
        return values;
    }

    private static void collectLeaves(JsonNode node, List<JsonNode> into) {
        if (node.isMissingNode() || node.isObject()) {
            return;
        }
        if (node.isArray()) {
            node.forEach(element -> collectLeaves(element, into));
        } else {
            into.add(node);
        }
    }

    // ---- conditions ---------------------------------------------------------------------------------

    /** One alternative in a leaf array. */
    private sealed interface Condition {

        /** Whether the field, with these leaf values (empty when absent), satisfies the condition. */
        default boolean test(List<JsonNode> values) {
            return values.stream().anyMatch(this::testValue);
        }

        boolean testValue(JsonNode value);

        static Condition parse(JsonNode element, String path) {
            if (element.isArray()) {
                throw new IllegalArgumentException("Nested arrays are not allowed in event patterns at " + path);
            }
            if (!element.isObject()) {
                return new Exact(element);
            }
            if (element.size() != 1) {
                throw new IllegalArgumentException("An operator object must hold exactly one operator at "
                        + path + ": " + element);
            }
            String operator = element.fieldNames().next();
            JsonNode argument = element.get(operator);
            return switch (operator) {
                case "prefix" -> new TextMatch(requireText(argument, operator, path), String::startsWith);
                case "suffix" -> new TextMatch(requireText(argument, operator, path), String::endsWith);
                case "equals-ignore-case" ->
                        new TextMatch(requireText(argument, operator, path), String::equalsIgnoreCase);
                case "exists" -> new Exists(requireBoolean(argument, path));
                case "numeric" -> Numeric.parse(argument, path);
                case "anything-but" -> AnythingBut.parse(argument, path);
                default -> throw new IllegalArgumentException("Unsupported event pattern operator '"
                        + operator + "' at " + path + " (supported: prefix, suffix, equals-ignore-case, "
                        + "exists, numeric, anything-but)");
            };
        }
    }

    private record Exact(JsonNode expected) implements Condition {
        @Override
        public boolean testValue(JsonNode value) {
            if (expected.isNumber() && value.isNumber()) {
                return expected.decimalValue().compareTo(value.decimalValue()) == 0;
            }
            return expected.equals(value);
        }
    }

    /**
     * A string operator ({@code prefix}, {@code suffix}, {@code equals-ignore-case}): only string values match
     * it, never numbers, booleans or null.
     */
    private record TextMatch(String operand, BiPredicate<String, String> matches) implements Condition {
        @Override
        public boolean testValue(JsonNode value) {
            return value.isTextual() && matches.test(value.textValue(), operand);
        }
    }

    private record Exists(boolean shouldExist) implements Condition {
        @Override
        public boolean test(List<JsonNode> values) {
            return values.isEmpty() != shouldExist;
        }

        @Override
        public boolean testValue(JsonNode value) {
            return shouldExist;
        }
    }

    /** {@code anything-but}: matches a present value that none of the excluded conditions match. */
    private record AnythingBut(List<Condition> excluded) implements Condition {

        static AnythingBut parse(JsonNode argument, String path) {
            if (argument.isObject()) {
                Condition inner = Condition.parse(argument, path);
                if (!(inner instanceof TextMatch)) {
                    throw new IllegalArgumentException("anything-but accepts only prefix, suffix or "
                            + "equals-ignore-case objects at " + path + ": " + argument);
                }
                return new AnythingBut(List.of(inner));
            }
            List<Condition> excluded = new ArrayList<>();
            if (argument.isArray()) {
                if (argument.isEmpty()) {
                    throw new IllegalArgumentException("anything-but needs at least one value at " + path);
                }
                argument.forEach(value -> excluded.add(new Exact(requireScalar(value, path))));
            } else {
                excluded.add(new Exact(requireScalar(argument, path)));
            }
            return new AnythingBut(List.copyOf(excluded));
        }

        @Override
        public boolean testValue(JsonNode value) {
            return excluded.stream().noneMatch(condition -> condition.testValue(value));
        }
    }

    /** {@code numeric}: one or two comparisons, e.g. {@code [">", 0, "<=", 5]} or {@code ["=", 3]}. */
    private record Numeric(List<Comparison> comparisons) implements Condition {

        private record Comparison(String operator, BigDecimal bound) {
            boolean test(BigDecimal value) {
                int order = value.compareTo(bound);
                return switch (operator) {
                    case "=" -> order == 0;
                    case "<" -> order < 0;
                    case "<=" -> order <= 0;
                    case ">" -> order > 0;
                    case ">=" -> order >= 0;
                    default -> throw new IllegalStateException(operator);
                };
            }
        }

        static Numeric parse(JsonNode argument, String path) {
            if (!argument.isArray() || argument.isEmpty() || argument.size() % 2 != 0 || argument.size() > 4) {
                throw new IllegalArgumentException("numeric needs one or two [operator, number] pairs at "
                        + path + ": " + argument);
            }
            List<Comparison> comparisons = new ArrayList<>();
            for (int i = 0; i < argument.size(); i += 2) {
                JsonNode operator = argument.get(i);
                JsonNode bound = argument.get(i + 1);
                if (!operator.isTextual() || !List.of("=", "<", "<=", ">", ">=").contains(operator.textValue())) {
                    throw new IllegalArgumentException("Unknown numeric operator " + operator + " at " + path
                            + " (supported: =, <, <=, >, >=)");
                }
                if (!bound.isNumber()) {
                    throw new IllegalArgumentException("numeric bound must be a number at " + path + ": " + bound);
                }
                comparisons.add(new Comparison(operator.textValue(), bound.decimalValue()));
            }
            return new Numeric(List.copyOf(comparisons));
        }

        @Override
        public boolean testValue(JsonNode value) {
            return value.isNumber() && comparisons.stream().allMatch(c -> c.test(value.decimalValue()));
        }
    }

    private static String requireText(JsonNode argument, String operator, String path) {
        if (!argument.isTextual()) {
            throw new IllegalArgumentException(operator + " needs a string at " + path + ", got " + argument);
        }
        return argument.textValue();
    }

    private static boolean requireBoolean(JsonNode argument, String path) {
        if (!argument.isBoolean()) {
            throw new IllegalArgumentException("exists needs true or false at " + path + ", got " + argument);
        }
        return argument.booleanValue();
    }

    private static JsonNode requireScalar(JsonNode value, String path) {
        if (!(value.isTextual() || value.isNumber())) {
            throw new IllegalArgumentException("anything-but values must be strings or numbers at " + path
                    + ", got " + value);
        }
        return value;
    }
}
