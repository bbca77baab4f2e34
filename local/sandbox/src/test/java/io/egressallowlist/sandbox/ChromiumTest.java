package io.egressallowlist.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without a browser, the page's browser tests fail in CI and are skipped elsewhere. */
class ChromiumTest {

    @Test
    void inCiAMissingBrowserFailsTheTestNamingWhereItLooked(@TempDir Path dir) {
        List<Path> missing = List.of(dir.resolve("chromium"));

        assertThatThrownBy(() -> Chromium.required(Map.of("CI", "true"), missing))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("CI=true but no Chromium found")
                .hasMessageContaining(dir.resolve("chromium").toString());
    }

    @Test
    void elsewhereAMissingBrowserSkipsTheTest(@TempDir Path dir) {
        List<Path> missing = List.of(dir.resolve("chromium"));

        assertThatThrownBy(() -> Chromium.required(Map.of(), missing)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no Chromium found");
        assertThatThrownBy(() -> Chromium.required(Map.of("CI", "false"), missing))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void theFirstExecutableCandidateIsTheBrowserInCiOrNot(@TempDir Path dir) throws Exception {
        Path notExecutable = Files.createFile(dir.resolve("google-chrome"));
        Path browser = Files.createFile(dir.resolve("chromium"));
        assertThat(browser.toFile().setExecutable(true)).isTrue();
        List<Path> candidates = List.of(dir.resolve("chromium-browser"), notExecutable, browser);

        assertThat(Chromium.required(Map.of("CI", "true"), candidates)).isEqualTo(browser);
        assertThat(Chromium.required(Map.of(), candidates)).isEqualTo(browser);
    }
}
