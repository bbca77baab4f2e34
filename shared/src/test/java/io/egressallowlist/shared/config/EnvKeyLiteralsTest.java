package io.egressallowlist.shared.config;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The environment variables are named in one place, {@link EnvKey}: this reads the Java sources of every module
 * (main and test) and fails on any string literal that spells a variable's name anywhere else. Write
 * {@code EnvKey.X.name()}, or use {@link ControlPlaneEnvironment}, instead.
 */
class EnvKeyLiteralsTest {

    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "node_modules", ".git");
    private static final Pattern LITERAL = Pattern.compile("\"(" + Arrays.stream(EnvKey.values()).map(Enum::name)
            .collect(Collectors.joining("|")) + ")\"");

    private static Path root;
    private static List<Path> sources;

    @BeforeAll
    static void findTheSources() throws IOException {
        root = projectRoot();
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return SKIPPED_DIRECTORIES.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (file.toString().endsWith(".java") && isModuleSource(file)) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        sources = List.copyOf(found);
    }

    @Test
    void noVariableIsSpelledOutsideItsDefinition() {
        List<String> found = new ArrayList<>();
        for (Path source : sources) {
            if (source.getFileName().toString().equals("EnvKey.java")) {
                continue;
            }
            List<String> lines = read(source);
            for (int i = 0; i < lines.size(); i++) {
                for (String literal : literalsIn(lines.get(i))) {
                    found.add(root.relativize(source) + ":" + (i + 1) + " " + literal);
                }
            }
        }
        assertThat(found).as("environment variables spelled as string literals; use EnvKey").isEmpty();
    }

    @Test
    void theScanReadsTheSourcesOfEveryModuleMainAndTest() {
        Set<String> read = sources.stream().map(root::relativize).map(Path::toString).collect(Collectors.toSet());
        for (String expected : List.of(
                "shared/src/main/java/io/egressallowlist/shared/config/ControlPlaneConfig.java",
                "shared/src/test/java/io/egressallowlist/shared/testing/LocalEnvironment.java",
                "functions/request-api/src/main/java/io/egressallowlist/functions/requestapi/RequestApiHandler.java",
                "functions/firewall-sync/src/test/java/io/egressallowlist/functions/firewallsync/FirewallSyncHandlerTest.java",
                "infra/src/main/java/io/egressallowlist/infra/controlplane/ControlPlaneStack.java",
                "infra/src/test/java/io/egressallowlist/infra/ControlPlaneStackTest.java",
                "local/testbed/src/main/java/io/egressallowlist/testbed/Testbed.java",
                "local/sandbox/src/test/java/io/egressallowlist/sandbox/SandboxExpiryTest.java",
                "bench/src/main/java/io/egressallowlist/bench/BenchPlane.java",
                "cli/src/main/java/io/egressallowlist/cli/EgressCli.java")) {
            assertThat(read).as("the scan reads %s", expected).contains(expected);
        }
    }

    @Test
    void aLiteralThatSpellsAVariableIsFoundAndOneThatMerelyMentionsItIsNot() {
        assertThat(literalsIn("env.put(\"RULE_GROUP_ARN\", arn);")).containsExactly("\"RULE_GROUP_ARN\"");
        assertThat(literalsIn("Map.of(\"AWS_REGION\", \"us-east-1\", \"POLICY\", text)"))
                .containsExactly("\"AWS_REGION\"", "\"POLICY\"");
        assertThat(literalsIn("throw new X(\"RULE_GROUP_ARN must look like an ARN\");")).isEmpty();
        assertThat(literalsIn("EnvKey.RULE_GROUP_ARN.name()")).isEmpty();
    }

    private static List<String> literalsIn(String line) {
        List<String> literals = new ArrayList<>();
        Matcher matcher = LITERAL.matcher(line);
        while (matcher.find()) {
            literals.add(matcher.group());
        }
        return literals;
    }

    /** {@code <module>/src/main/java/…} or {@code <module>/src/test/java/…}, at any depth of modules. */
    private static boolean isModuleSource(Path file) {
        String path = root.relativize(file).toString().replace('\\', '/');
        return path.contains("/src/main/java/") || path.contains("/src/test/java/");
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory holding {@code shared} and {@code functions}: from {@code egress.root} (the build) or here up. */
    private static Path projectRoot() {
        for (String start : new String[] {System.getProperty("egress.root"), System.getProperty("user.dir")}) {
            if (start == null || start.isBlank()) {
                continue;
            }
            for (Path dir = Paths.get(start).toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("shared").resolve("src"))
                        && Files.isDirectory(dir.resolve("functions"))) {
                    return dir;
                }
            }
        }
        throw new IllegalStateException("the project root (with shared/ and functions/) was not found");
    }
}
