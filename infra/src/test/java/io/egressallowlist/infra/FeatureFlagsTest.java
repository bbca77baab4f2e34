package io.egressallowlist.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awscdk.App;

/**
 * cdk.json sets every feature flag aws-cdk-lib recommends (what {@code cdk init} writes and what the CLI's
 * "feature flags are not configured" notice counts), with the recommended value; and the README silences
 * jsii's end-of-life notice the way jsii reads it.
 */
class FeatureFlagsTest {

    @Test
    void cdkJsonSetsEveryRecommendedFeatureFlagOfTheAwsCdkLibInUse() throws IOException {
        Map<String, Object> recommended = recommendedFlags();
        assertThat(recommended).hasSizeGreaterThan(50);
        assertThat(CdkJson.featureFlags()).containsAllEntriesOf(recommended);
    }

    /**
     * jsii's runtime ({@code @jsii/check-node}) skips the notice for an end-of-life Node only when
     * {@code JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION} lists that Node's major version (comma-separated),
     * so {@code =1} silences nothing.
     */
    @Test
    void readmeSilencesJsiisEndOfLifeNoticeWithTheNodeMajorVersion() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher setting = Pattern.compile("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=(\\S+)").matcher(readme);
        assertThat(setting.find()).as("the README names the variable").isTrue();
        assertThat(setting.group(1).replace("`", "")).matches("\\d{2}(,\\d{2})*");
        assertThat(readme).doesNotContain("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=1 ")
                .doesNotContain("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=1`");
    }

    /**
     * From a clean clone nothing of this project is in {@code ~/.m2}: the app command must build the modules
     * {@code shared} and {@code infra} depend on from the reactor ({@code -am}), including the test-scoped ones
     * (emulators, shared's test jar), which Maven resolves even with tests skipped; {@code maven.test.skip}
     * would also skip building shared's test jar.
     */
    @Test
    void theAppCommandBuildsWhatInfraDependsOnFromTheReactor() {
        String app = String.valueOf(CdkJson.file().get("app"));
        assertThat(app).contains("-pl shared,infra -am").contains("-DskipTests").doesNotContain("maven.test.skip");
    }

    /** {@code package/recommended-feature-flags.json} of the jsii bundle inside the aws-cdk-lib jar. */
    private static Map<String, Object> recommendedFlags() throws IOException {
        Path jar = Path.of(App.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry bundle = file.stream().filter(e -> e.getName().endsWith(".jsii.tgz")).findFirst().orElseThrow();
            try (InputStream tar = new GZIPInputStream(file.getInputStream(bundle))) {
                byte[] json = tarEntry(tar, "package/recommended-feature-flags.json");
                return new ObjectMapper().readValue(json, new TypeReference<Map<String, Object>>() {
                });
            }
        }
    }

    /** The content of {@code name} in a ustar stream (512-byte headers: name at 0, octal size at 124, prefix at 345). */
    private static byte[] tarEntry(InputStream in, String name) throws IOException {
        DataInputStream tar = new DataInputStream(in);
        byte[] header = new byte[512];
        while (true) {
            try {
                tar.readFully(header);
            } catch (EOFException e) {
                break;
            }
            String entry = field(header, 0, 100);
            if (entry.isEmpty()) {
                break;
            }
            String prefix = field(header, 345, 155);
            String full = prefix.isEmpty() ? entry : prefix + "/" + entry;
            long size = Long.parseLong(field(header, 124, 12).trim(), 8);
            byte[] content = tar.readNBytes((int) size);
            tar.skipNBytes((512 - size % 512) % 512);
            if (full.equals(name)) {
                return content;
            }
        }
        throw new IllegalStateException(name + " is not in the aws-cdk-lib bundle");
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
