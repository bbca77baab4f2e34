package io.egressallowlist.infra;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.assertions.Template;

/** Small, typed reads of synthesized templates. */
final class Templates {

    private Templates() {
    }

    static Map<String, Map<String, Object>> resources(Template template, String type) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Map<String, Object>> found = (Map) template.findResources(type);
        return found;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    /** The logical id a {@code {"Ref": id}} points at, or null. */
    static String ref(Object value) {
        return value instanceof Map<?, ?> m && m.get("Ref") instanceof String id ? id : null;
    }

    /** {@code [logicalId, attribute]} of a {@code {"Fn::GetAtt": …}}, or null. */
    static List<Object> getAtt(Object value) {
        return value instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> l ? list(l) : null;
    }

    /**
     * The SSM parameter name behind {@code value} when it is a {@code Ref} to an SSM-typed template parameter
     * ({@code /stack/key}), or a {@code Fn::Select} of element i of one ({@code /stack/key[i]}); else null.
     */
    static String sharedName(Template template, Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            return null;
        }
        if (m.get("Fn::Select") instanceof List<?> select) {
            String list = sharedName(template, select.get(1));
            return list == null ? null : list + "[" + select.get(0) + "]";
        }
        String id = ref(value);
        Map<String, Object> parameter = id == null ? null : map(template.toJSON().getOrDefault("Parameters", Map.of())).containsKey(id)
                ? map(map(template.toJSON().get("Parameters")).get(id)) : null;
        if (parameter == null || !String.valueOf(parameter.get("Type")).startsWith("AWS::SSM::Parameter::Value<")) {
            return null;
        }
        return String.valueOf(parameter.get("Default"));
    }

    /** The logical id of the SSM-typed template parameter reading {@code name}. */
    static String sharedParameterId(Template template, String name) {
        return map(template.toJSON().getOrDefault("Parameters", Map.of())).entrySet().stream()
                .filter(e -> name.equals(map(e.getValue()).get("Default")))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no parameter reads " + name));
    }

    static int count(Template template, String type) {
        return resources(template, type).size();
    }
}
