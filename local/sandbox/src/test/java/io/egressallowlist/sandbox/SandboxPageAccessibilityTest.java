package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox page checked by axe-core (pinned in package-lock.json, installed by the build's {@code npm ci}) in
 * every state the browser reaches: the approvals channel with a pending and a decided card, the blocked panel,
 * the versions with a diff open, the audit trail, a message shown, and a person's direct messages with a digest.
 * Any violation fails, whatever its impact.
 */
class SandboxPageAccessibilityTest {

    private static final String AXE = "node_modules/axe-core/axe.min.js";
    private static final Duration RENDERED = Duration.ofMillis(100);

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.forTests(started -> e2e = started);

    @Test
    void thePageHasNoAccessibilityViolationInAnyStateItReaches(@TempDir Path profile) throws Exception {
        Path chromium = Chromium.required();
        String axe = Files.readString(axeCore(), StandardCharsets.UTF_8);
        String pending = e2e.submit("pending.a11y-example.org");
        String approved = e2e.submit("approved.a11y-example.org");
        assertThat(e2e.click("approve", approved, LocalControlPlane.APPROVER_1).exit()).isZero();
        assertThat(e2e.egress("blocked").exit()).as("the sample user has called the API from her app").isZero();
        e2e.traffic("alice-data-scientist", "blocked.a11y-example.org", 2);
        e2e.traffic("alice-data-scientist", "<b>bold</b>.a11y-example.org", 1);
        HttpResponse<String> digest = e2e.send(HttpRequest.newBuilder(e2e.url("/_sandbox/run/digest"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(EndToEnd.parse(digest.body()).path("result").path("digestsSent").asInt()).as(digest.body()).isOne();

        try (BrowserPage page = BrowserPage.open(chromium, profile)) {
            page.navigate(e2e.url("/"));
            awaitShown(page, "the channel's cards, the blocked panel and the versions",
                    "document.querySelectorAll('#messages .msg').length >= 2"
                            + " && !!document.querySelector('#messages [data-action=approve]')"
                            + " && !!document.querySelector('#blocked [data-request]')"
                            + " && !!document.querySelector('#versions .version')"
                            + " && !!document.querySelector('#audit table tbody tr')"
                            + " && document.body.textContent.includes('" + pending + "')");
            assertNoViolation(page, axe, "the approvals channel, blocked panel, allow-list, versions and audit trail");

            page.evaluate("document.querySelector('#versions .version button').click()");
            awaitShown(page, "a version's diff", "!!document.querySelector('#versions .added, #versions .removed')");
            page.evaluate("toast('Rollback requested; approve it in the channel')");
            assertNoViolation(page, axe, "a version's diff and a message shown");

            page.navigate(e2e.url("/?as=" + LocalControlPlane.ALICE_SLACK));
            awaitShown(page, "Alice's direct messages", "!!document.querySelector('#dms [data-dm-request]')"
                    + " && !!document.querySelector('#versions .version')");
            assertNoViolation(page, axe, "a person's direct messages with a digest");
        }
    }

    @Test
    void onANarrowScreenThePanelsStackWithoutSidewaysScrollingAndTheCheckStillPasses(@TempDir Path profile)
            throws Exception {
        Path chromium = Chromium.required();
        String axe = Files.readString(axeCore(), StandardCharsets.UTF_8);
        e2e.submit("narrow.a11y-example.org");
        try (BrowserPage page = BrowserPage.open(chromium, profile)) {
            page.viewport(420, 900);
            page.navigate(e2e.url("/"));
            awaitShown(page, "the channel and the versions", "!!document.querySelector('#messages [data-action=approve]')"
                    + " && !!document.querySelector('#versions .version')");

            assertThat(page.evaluate("new Set([...document.querySelectorAll('main > section')]"
                    + ".map((s) => Math.round(s.getBoundingClientRect().left))).size").asInt())
                    .as("the panels one under the other").isOne();
            assertThat(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth").asBoolean())
                    .as("nothing wider than the screen").isTrue();
            assertNoViolation(page, axe, "a 420 px wide screen");
        }
    }

    @Test
    void theCheckFindsAViolationWhereThereIsOne(@TempDir Path profile) throws Exception {
        Path chromium = Chromium.required();
        String axe = Files.readString(axeCore(), StandardCharsets.UTF_8);
        try (BrowserPage page = BrowserPage.open(chromium, profile)) {
            page.navigate(e2e.url("/"));
            awaitShown(page, "the versions", "!!document.querySelector('#versions .version')");
            page.evaluate("clearInterval(autoRefresh); document.getElementById('versions')"
                    + ".appendChild(document.createElement('button')); 'added'");

            assertThat(violations(page, axe)).anySatisfy(violation -> assertThat(violation).startsWith("button-name"));
        }
    }

    private static void awaitShown(BrowserPage page, String what, String condition) {
        EndToEnd.await(what + " shown", () -> page.evaluate("(" + condition + ") === true").asBoolean(),
                shown -> shown, RENDERED);
    }

    private static void assertNoViolation(BrowserPage page, String axe, String state) {
        page.evaluate("clearInterval(autoRefresh); refresh().then(() => 'refreshed')");
        assertThat(violations(page, axe)).as("axe-core's violations with " + state).isEmpty();
    }

    /** Runs axe-core over the whole document: each violation as its rule, impact, help and the elements it found. */
    private static List<String> violations(BrowserPage page, String axe) {
        if (!page.evaluate("typeof axe").asText().equals("object")) {
            page.evaluate(axe + "; 'loaded'");
        }
        JsonNode found = page.evaluate("axe.run(document, { resultTypes: ['violations'] }).then((r) =>"
                + " r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at '"
                + " + v.nodes.map((n) => n.target.join(' ') + ' [' + n.failureSummary + ']').join('; ')))");
        List<String> violations = new ArrayList<>();
        found.forEach(violation -> violations.add(violation.asText()));
        return violations;
    }

    /** axe-core as {@code npm ci} installs it at the project root. */
    private static Path axeCore() {
        return ProjectRoot.file(AXE, "axe-core is not installed: run the build from the project root (it runs 'npm ci'),"
                + " or 'npm ci' there yourself.");
    }
}
