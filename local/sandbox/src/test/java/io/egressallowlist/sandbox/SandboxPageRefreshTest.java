package io.egressallowlist.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page refreshes every two seconds; in a quiet sandbox (no schedule runs in the tests) nothing it shows changes,
 * so no panel is rebuilt: the button a keyboard user is on keeps the focus, and an open diff stays open.
 */
class SandboxPageRefreshTest {

    /** Long enough for two of the page's refreshes (every 2 s) to have run. */
    private static final long TWO_REFRESHES_MS = 4_500;
    /** Every panel the refresh fills. */
    private static final String PANELS = "['messages', 'dms', 'blocked', 'targets', 'versions', 'audit']";

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.forTests(started -> e2e = started);

    @Test
    void theButtonAKeyboardUserIsOnKeepsTheFocusAcrossRefreshesAndAnOpenDiffStaysOpen(@TempDir Path profile)
            throws Exception {
        Path chromium = Chromium.required();
        String id = e2e.submit("focus.example.org");
        assertThat(e2e.egress("blocked").exit()).as("the sample user has called the API from her app").isZero();
        e2e.traffic("alice-data-scientist", "focus-blocked.example.org", 1);

        try (BrowserPage page = BrowserPage.open(chromium, profile)) {
            page.navigate(e2e.url("/"));
            String approve = "[...document.querySelectorAll('#messages .msg')].filter((m) => m.textContent.includes('"
                    + id + "')).map((m) => m.querySelector('button[data-action=approve]'))[0]";
            EndToEnd.await("the card's Approve button and the versions", () -> page.evaluate("!!(" + approve
                    + ") && !!document.querySelector('#versions .version button') && !!document.querySelector("
                    + "'#blocked [data-request]') && !!document.querySelector('#audit tr')").asBoolean(), shown -> shown,
                    Duration.ofMillis(100));
            page.evaluate("window.focused = " + approve + "; window.focused.focus();"
                    + " document.querySelector('#versions .version button').click(); 'focused'");
            EndToEnd.await("the diff", () -> page.evaluate("document.querySelectorAll('#versions .added,"
                    + " #versions .removed, #versions .version div div').length").asInt(), shown -> shown > 0,
                    Duration.ofMillis(100));
            page.evaluate("window.focused.focus(); window.diff = document.querySelector('#versions .version div div');"
                    + " window.panels = " + PANELS + ".map((id) => document.getElementById(id).firstChild); 'marked'");

            Thread.sleep(TWO_REFRESHES_MS);

            assertThat(page.evaluate("document.activeElement === window.focused && window.focused.isConnected")
                    .asBoolean()).as("the Approve button still has the focus").isTrue();
            assertThat(page.evaluate("window.diff.isConnected").asBoolean()).as("the diff is still shown").isTrue();
            assertThat(page.evaluate("JSON.stringify(" + PANELS + ".filter((id, i) => !window.panels[i]"
                    + " || !window.panels[i].isConnected))").asText()).as("panels rebuilt").isEqualTo("[]");
        }
    }

    @Test
    void aPanelIsRebuiltWhenWhatItShowsChanges(@TempDir Path profile) throws Exception {
        Path chromium = Chromium.required();
        try (BrowserPage page = BrowserPage.open(chromium, profile)) {
            page.navigate(e2e.url("/"));
            EndToEnd.await("the channel", () -> page.evaluate("document.querySelectorAll('#messages .msg').length")
                    .asInt(), shown -> shown > 0, Duration.ofMillis(100));
            page.evaluate("window.first = document.querySelector('#messages .msg'); 'marked'");

            String id = e2e.submit("changed.example.org");

            EndToEnd.await("the new card", () -> page.evaluate("document.querySelector('#messages').textContent"
                    + ".includes('" + id + "')").asBoolean(), shown -> shown, Duration.ofMillis(100));
            assertThat(page.evaluate("window.first.isConnected").asBoolean()).as("the channel was rebuilt").isFalse();
        }
    }
}
