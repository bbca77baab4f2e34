package io.egressallowlist.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Handlers stay thin and shared classes stay readable: a handler's module holds at most 250 lines a file,
 * shared at most 400. A file over the limit is split by responsibility, not by line count.
 */
class SourceSizeTest {

    private static final Path ROOT = Path.of(System.getProperty("egress.root", ".."));

    @ParameterizedTest(name = "{0}: no file over {1} lines")
    @CsvSource({"functions, 250", "shared, 400"})
    void mainSourcesStayWithinTheirLimit(String module, int limit) {
        List<Path> sources = mainSources(ROOT.resolve(module));
        assertThat(sources).as("main sources under %s", module).isNotEmpty();
        List<String> tooLong = sources.stream()
                .filter(file -> lines(file) > limit)
                .map(file -> ROOT.relativize(file) + " has " + lines(file) + " lines")
                .toList();
        assertThat(tooLong).as("files over %d lines", limit).isEmpty();
    }

    private static List<Path> mainSources(Path module) {
        try (Stream<Path> files = Files.walk(module)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> file.toString().contains("/src/main/java/"))
                    .filter(file -> !file.toString().contains("/target/"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
