package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The served OpenAPI document is clean under Spectral's recommended OpenAPI rules ({@code spectral:oas},
 * the ruleset in the project root's {@code .spectral.yaml}), so that generated clients and API catalogues
 * take it as it is. Spectral comes from {@code package-lock.json}, installed by the build's {@code npm ci}.
 */
class OpenApiLintTest {

    private static final Pattern SERVER_VARIABLE = Pattern.compile("\\{([^}]+)}");

    private record Lint(int exitCode, String output) {
    }

    @Test
    void theServedDocumentPassesTheRecommendedRulesWithoutAnyFinding() throws Exception {
        Lint lint = spectral(servedDocument());

        assertThat(lint.exitCode()).as(lint.output()).isZero();
        assertThat(lint.output()).contains("No results");
    }

    @Test
    void theLinterReportsADocumentWithoutServersOrContact(@TempDir Path dir) throws Exception {
        String withoutServers = Files.readString(servedDocument())
                .replaceFirst("(?s)\n  license:\n.*?\ntags:\n", "\ntags:\n");
        Path broken = Files.writeString(dir.resolve("openapi.yaml"), withoutServers);

        Lint lint = spectral(broken);

        assertThat(lint.exitCode()).as(lint.output()).isNotZero();
        assertThat(lint.output()).contains("oas3-api-servers", "info-contact");
    }

    @Test
    void theServerIsTheTemplatedExecuteApiUrlWithEveryVariableDefaultedAndDescribed() throws IOException {
        JsonNode server = new ObjectMapper(new YAMLFactory()).readTree(servedDocument().toFile()).path("servers").path(0);

        String url = server.path("url").asText();
        assertThat(url).isEqualTo("https://{restApiId}.execute-api.{region}.amazonaws.com/{stage}");
        Matcher variables = SERVER_VARIABLE.matcher(url);
        while (variables.find()) {
            JsonNode variable = server.path("variables").path(variables.group(1));
            assertThat(variable.path("default").asText()).as(variables.group(1)).isNotBlank();
            assertThat(variable.path("description").asText()).as(variables.group(1)).isNotBlank();
        }
        assertThat(server.path("variables").path("stage").path("default").asText()).isEqualTo("v1");
    }

    @Test
    void theDocumentNamesTheProjectLicence() throws IOException {
        JsonNode license = new ObjectMapper(new YAMLFactory()).readTree(servedDocument().toFile()).path("info").path("license");

        assertThat(license.path("name").asText()).isEqualTo("Apache 2.0");
        assertThat(license.path("url").asText()).isEqualTo("https://www.apache.org/licenses/LICENSE-2.0");
    }

    /** The document as the function serves it (the classpath resource), as a file Spectral can read. */
    private static Path servedDocument() throws IOException {
        Path copy = Files.createTempFile("openapi", ".yaml");
        copy.toFile().deleteOnExit();
        try (InputStream in = OpenApiLintTest.class.getResourceAsStream("/openapi.yaml")) {
            assertThat(in).as("openapi.yaml on the classpath").isNotNull();
            Files.write(copy, in.readAllBytes());
        }
        return copy;
    }

    private static Lint spectral(Path document) throws IOException, InterruptedException {
        Path root = projectRoot();
        Path cli = root.resolve("node_modules/@stoplight/spectral-cli/dist/index.js");
        Process process = new ProcessBuilder(node(), cli.toString(), "lint", "--fail-severity=hint",
                "--ruleset", root.resolve(".spectral.yaml").toString(), document.toString())
                .redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("spectral did not finish within 120 s");
        }
        return new Lint(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static String node() {
        String configured = System.getenv("EGRESS_NODE");
        return configured == null || configured.isBlank() ? "node" : configured;
    }

    /** The directory holding {@code .spectral.yaml} and Spectral: from {@code egress.root} (the build) or here up. */
    private static Path projectRoot() {
        List<Path> tried = new ArrayList<>();
        for (String start : new String[] {System.getProperty("egress.root"), System.getProperty("user.dir")}) {
            if (start == null || start.isBlank()) {
                continue;
            }
            for (Path dir = Path.of(start).toAbsolutePath(); dir != null; dir = dir.getParent()) {
                tried.add(dir);
                if (Files.isRegularFile(dir.resolve(".spectral.yaml"))
                        && Files.isRegularFile(dir.resolve("node_modules/@stoplight/spectral-cli/dist/index.js"))) {
                    return dir;
                }
            }
        }
        return fail("Spectral is not installed: run the build from the project root (it runs 'npm ci'),"
                + " or 'npm ci' there yourself. Looked in: " + tried);
    }
}
