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

    static int count(Template template, String type) {
        return resources(template, type).size();
    }
}
