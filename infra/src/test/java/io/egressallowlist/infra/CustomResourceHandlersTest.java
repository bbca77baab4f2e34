package io.egressallowlist.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The Python handlers of the custom resources ({@code src/main/resources/…/*.py}), run against a stand-in
 * for boto3 by their unit tests in {@code src/test/python}: what each does on Create, Update and Delete.
 */
class CustomResourceHandlersTest {

    @Test
    void everyCustomResourceHandlerPassesItsPythonTests() throws IOException, InterruptedException {
        assumeTrue(pythonAvailable(), "python3 is needed to run the custom resource handlers' tests");
        Process run = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "src/test/python", "-v")
                .redirectErrorStream(true)
                .start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output).contains("OK").doesNotContain("Ran 0 tests");
    }

    private static boolean pythonAvailable() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
