package io.egressallowlist.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request made from the page's form when the allow-list is nearly full: the page says so, as the API answers it
 * (a rule group of 20 capacity units holds 9 entries of two target types; the sandbox's baseline uses a few).
 */
class SandboxPageWarningsTest {

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.with(LocalControlPlane.Options.forTests()
            .withEnvironment(env -> env.ruleGroupCapacity(20)), started -> e2e = started);

    @Test
    void aRequestFromTheFormShowsTheCapacityWarningTheApiAnswers(@TempDir Path profile) throws Exception {
        Path chromium = Chromium.required();
        try (BrowserPage page = BrowserPage.open(chromium, profile)) {
            page.navigate(e2e.url("/"));
            page.evaluate("document.getElementById('domain').value = 'warned.example.org';"
                    + " document.getElementById('reason').value = 'nearly full';"
                    + " document.getElementById('requestForm').requestSubmit(); 'submitted'");

            String shown = EndToEnd.await("the answer shown", () -> page.evaluate("document.getElementById('toast')"
                    + ".textContent").asText(), text -> text.startsWith("Request "), Duration.ofMillis(100));

            assertThat(shown).matches("(?s)Request \\S+: PENDING\n\u26A0\uFE0F The allow-list is nearly full: \\d+ of 9"
                    + " entries left\\.");
            assertThat(page.evaluate("getComputedStyle(document.getElementById('toast')).display").asText())
                    .isEqualTo("block");
        }
    }
}
