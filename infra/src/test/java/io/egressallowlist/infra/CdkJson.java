package io.egressallowlist.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** infra/cdk.json as the CDK CLI reads it: the context the app is synthesized with. */
final class CdkJson {

    static final Path FILE = Path.of("cdk.json");

    private CdkJson() {
    }

    static Map<String, Object> file() {
        try {
            return new ObjectMapper().readValue(FILE.toFile(), new TypeReference<Map<String, Object>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> context() {
        return Templates.map(file().get("context"));
    }

    /** The feature flags ({@code @aws-cdk/…} keys), so tests synthesize with the same flags as {@code cdk synth}. */
    static Map<String, Object> featureFlags() {
        Map<String, Object> flags = new LinkedHashMap<>();
        context().forEach((key, value) -> {
            if (key.startsWith("@aws-cdk")) {
                flags.put(key, value);
            }
        });
        return flags;
    }
}
