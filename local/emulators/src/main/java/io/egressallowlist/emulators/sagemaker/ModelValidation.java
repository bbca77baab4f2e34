package io.egressallowlist.emulators.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.core.AwsServiceError;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Collects model-constraint violations of one request and reports them the way AWS front ends do: one
 * {@code ValidationException} whose message reads
 * {@code "2 validation errors detected: Value 'x' at 'domainId' failed to satisfy constraint: …; …"}.
 * Member names appear in lowerCamelCase in those messages.
 */
final class ModelValidation {

    private final List<String> violations = new ArrayList<>();

    /** The text of an optional string member, or null; a non-string value is a serialization error. */
    static String optionalText(JsonNode input, String member) {
        return optional(input, member, JsonNode::isTextual, "a string", JsonNode::textValue);
    }

    static Integer optionalInteger(JsonNode input, String member) {
        return optional(input, member, JsonNode::isIntegralNumber, "an integer", JsonNode::intValue);
    }

    private static <T> T optional(JsonNode input, String member, Predicate<JsonNode> isType, String typeName,
                                  Function<JsonNode, T> read) {
        JsonNode value = input.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!isType.test(value)) {
            throw AwsServiceError.client("SerializationException", member + " must be " + typeName);
        }
        return read.apply(value);
    }

    ModelValidation required(String member, String value) {
        if (value == null) {
            violations.add("Value null at '" + camel(member) + "' failed to satisfy constraint: Member must not be null");
        }
        return this;
    }

    ModelValidation pattern(String member, String value, Pattern pattern, int maxLength) {
        if (value == null) {
            return this;
        }
        if (value.length() > maxLength) {
            violations.add(at(member, value) + "Member must have length less than or equal to " + maxLength);
        } else if (!pattern.matcher(value).matches()) {
            violations.add(at(member, value) + "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return this;
    }

    ModelValidation range(String member, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            String bound = value < min ? "greater than or equal to " + min : "less than or equal to " + max;
            violations.add(at(member, String.valueOf(value)) + "Member must have value " + bound);
        }
        return this;
    }

    ModelValidation oneOf(String member, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            violations.add(at(member, value) + "Member must satisfy enum value set: " + allowed);
        }
        return this;
    }

    /** Throws the collected violations, if any, as one {@code ValidationException}. */
    void throwIfInvalid() {
        if (violations.isEmpty()) {
            return;
        }
        String count = violations.size() == 1 ? "1 validation error" : violations.size() + " validation errors";
        throw AwsServiceError.client("ValidationException", count + " detected: " + String.join("; ", violations));
    }

    private static String at(String member, String value) {
        return "Value '" + value + "' at '" + camel(member) + "' failed to satisfy constraint: ";
    }

    private static String camel(String member) {
        return Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
}
