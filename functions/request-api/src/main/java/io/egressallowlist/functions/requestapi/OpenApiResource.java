package io.egressallowlist.functions.requestapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code GET /openapi.yaml}: the API's contract, as packaged in the function's jar. */
final class OpenApiResource {

    private final String document = load();

    Reply get(Parameters parameters) {
        parameters.takesQuery();
        return new Reply(200, "application/yaml", document, Map.of());
    }

    private static String load() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the function's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
