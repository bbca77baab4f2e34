package io.egressallowlist.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox's page with allow-lists per team, rendered by Chromium: the scope selector and each request's scope. */
class SandboxScopedPageTest {

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.with(LocalControlPlane.Options.forTests().withScopes(),
            started -> e2e = started);

    @Test
    void theAllowlistAndVersionsAreThoseOfTheScopeChosenAndRequestsNameTheirScope(@TempDir Path profile)
            throws Exception {
        Path chromium = Chromium.required();
        String id = e2e.submit("scoped-view.example.org");

        try (BrowserPage page = BrowserPage.open(chromium, profile)) {
            page.navigate(e2e.url("/"));
            EndToEnd.await("the scopes in the selector", () -> page.evaluate("document.getElementById('scope')"
                    + ".options.length").asInt(), count -> count >= 4);
            assertThat(page.evaluate("[...document.getElementById('scope').options].map((o) => o.value).join(',')")
                    .asText()).contains("global", "default", "risk", "research");
            assertThat(page.evaluate("document.getElementById('scope').value").asText())
                    .as("the sample user's own scope first").isEqualTo("default");
            String row = "document.querySelector('#requests tr[data-request-id=\"" + id + "\"]')";
            EndToEnd.await("the request in the requests table", () -> page.evaluate("!!" + row).asBoolean(),
                    shown -> shown);
            assertThat(page.evaluate(row + ".querySelector('td.scope').textContent").asText()).isEqualTo("default");

            page.evaluate("const s = document.getElementById('scope'); s.value = 'risk';"
                    + " s.dispatchEvent(new Event('change')); 'chosen'");

            EndToEnd.await("the versions of risk", () -> page.evaluate("document.getElementById('versionsMeta')"
                    + ".textContent").asText(), meta -> meta.equals("of scope risk"));
            EndToEnd.await("the allow-list of risk", () -> page.evaluate("document.getElementById('allowlistMeta')"
                    + ".textContent").asText(), meta -> meta.contains("scope risk"));
            assertThat(page.evaluate("document.getElementById('targets').textContent").asText())
                    .doesNotContain("scoped-view.example.org");
        }
    }
}
