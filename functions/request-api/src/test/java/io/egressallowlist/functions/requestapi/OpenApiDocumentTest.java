package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document and the router describe the same API. */
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private static JsonNode document() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    /** "METHOD /path" → operationId, from the document. */
    private static Map<String, String> documentedOperations(JsonNode document) {
        Map<String, String> operations = new HashMap<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            if (METHODS.contains(entry.getKey())) {
                operations.put(entry.getKey().toUpperCase() + " " + path.getKey(),
                        entry.getValue().path("operationId").asText(null));
            }
        }));
        return operations;
    }

    @Test
    void everyRouteIsDocumentedWithTheSameMethodPathAndOperationIdAndViceVersa() throws IOException {
        Map<String, String> routes = Arrays.stream(Route.values())
                .collect(Collectors.toMap(r -> r.method() + " " + r.template(), Route::operationId));

        assertThat(documentedOperations(document())).isEqualTo(routes);
    }

    @Test
    void everyPathParameterIsDeclaredAndRequired() throws IOException {
        JsonNode document = document();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            Set<String> inTemplate = new TreeSet<>();
            Matcher m = PATH_PARAMETER.matcher(path.getKey());
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            Set<String> declared = new TreeSet<>();
            path.getValue().path("parameters").forEach(parameter -> {
                JsonNode resolved = resolve(document, parameter);
                if (resolved.path("in").asText().equals("path")) {
                    assertThat(resolved.path("required").asBoolean()).as(path.getKey()).isTrue();
                    declared.add(resolved.path("name").asText());
                }
            });
            assertThat(declared).as(path.getKey()).isEqualTo(inTemplate);
        }
    }

    @Test
    void everyReferenceResolves() throws IOException {
        JsonNode document = document();
        Set<String> references = new TreeSet<>();
        collectReferences(document, references);

        assertThat(references).isNotEmpty().allSatisfy(ref ->
                assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse());
    }

    @Test
    void theDocumentedProblemTypesAreTheOnesTheApiUses() throws IOException {
        String description = document().at("/components/schemas/Problem/description").asText();

        for (Problem.Type type : Problem.Type.values()) {
            String slug = type.uri().substring("urn:egress-allowlist:problem:".length());
            assertThat(description).contains("`" + slug + "` (" + type.status() + ")");
        }
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static void collectReferences(JsonNode node, Set<String> references) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    references.add(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), references);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectReferences(child, references));
        }
    }
}
