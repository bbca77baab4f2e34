package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's web page: served at {@code /}, and rendered by Chromium (skipped where none is installed,
 * except in CI, where that fails: see {@link Chromium}).
 */
class SandboxPageTest {

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.forTests(started -> e2e = started);

    @Test
    void theRootServesThePageWithItsContentSecurityPolicy() {
        HttpResponse<String> page = e2e.send(HttpRequest.newBuilder(e2e.url("/")).GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).startsWith("default-src 'self'"));
        assertThat(page.body()).startsWithIgnoringCase("<!doctype html>").contains("<title>Egress allow-list sandbox</title>", "id=\"messages\"", "/_sandbox", "/api");

        HttpResponse<String> other = e2e.send(HttpRequest.newBuilder(e2e.url("/no-such-page")).GET());
        assertThat(other.statusCode()).isEqualTo(404);
    }

    @Test
    void thePageBuildsWhatItShowsFromTextNodesAndNeverParsesDataAsHtml() {
        String page = e2e.send(HttpRequest.newBuilder(e2e.url("/")).GET()).body();

        assertThat(page).contains("Blocked recently", "id=\"blocked\"", "api(\"GET\", \"/blocked\")",
                "api(\"POST\", \"/requests\", { domain: blocked.suggestedTarget, justification: reason })");
        assertThat(page).contains("Direct messages to", "id=\"dms\"",
                "sandbox(\"GET\", \"/slack/dms?user=\" + encodeURIComponent($(\"slackUser\").value))",
                "sandbox(\"POST\", \"/slack/request-form\", { user: $(\"slackUser\").value, domain: button.value,"
                        + " justification: reason })");
        assertThat(page).as("no HTML parsing of data anywhere in the page's script")
                .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                        "srcdoc", "createContextualFragment", "DOMParser");
        assertThat(page).as("strings become text nodes; handlers are properties, never attributes")
                .contains("node.appendChild(typeof c === \"string\" ? text(c) : c)",
                        "if (k === \"onclick\") node.onclick = v; else node.setAttribute(k, v);",
                        "document.createTextNode(");
    }

    @Test
    void theSlackMarkupScriptIsServedBesideThePageAndBuildsElementsAndTextNodesOnly() {
        HttpResponse<String> script = e2e.send(HttpRequest.newBuilder(e2e.url("/slack-markup.js")).GET());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(e2e.send(HttpRequest.newBuilder(e2e.url("/")).GET()).body())
                .contains("<script src=\"/slack-markup.js\"></script>");

        assertThat(script.body()).contains("const SlackMarkup = ", "document.createTextNode(", "createElement(tag)")
                .as("no HTML parsing of message text").doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
                        "document.write", "eval(", "new Function", "srcdoc", "createContextualFragment", "DOMParser");
        assertThat(e2e.send(HttpRequest.newBuilder(e2e.url("/index.html")).GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void theSandboxRoutesThePageUsesShowTheChannelActAsSlackAndRunSchedules() {
        String id = e2e.submit("routes.example.org");

        JsonNode state = e2e.get("/_sandbox/state");
        assertThat(state.path("channel").asText()).isEqualTo(LocalControlPlane.CHANNEL);
        assertThat(state.path("users").findValuesAsText("id")).containsExactly(LocalControlPlane.APPROVER_1,
                LocalControlPlane.APPROVER_2, LocalControlPlane.ALICE_SLACK);
        assertThat(state.path("messages").findValuesAsText("text")).anySatisfy(text -> assertThat(text).contains(id));

        HttpResponse<String> command = post("/_sandbox/slack/command",
                "{\"user\":\"" + LocalControlPlane.APPROVER_1 + "\",\"text\":\"status " + id + "\"}");
        assertThat(command.statusCode()).isEqualTo(200);
        assertThat(EndToEnd.parse(command.body()).path("text").asText()).contains("routes.example.org");

        HttpResponse<String> run = post("/_sandbox/run/reconcile", "");
        assertThat(run.statusCode()).isEqualTo(200);
        assertThat(EndToEnd.parse(run.body()).path("function").asText()).isEqualTo("firewall-sync");

        assertThat(post("/_sandbox/run/no-such-schedule", "").statusCode()).isEqualTo(400);
        assertThat(post("/_sandbox/slack/click", "{\"user\":\"U0APPROVER1\",\"requestId\":\"" + id
                + "\",\"action\":\"delete\"}").statusCode()).isEqualTo(400);
        assertThat(e2e.status(id)).isEqualTo("PENDING");
    }

    @Test
    void theRenderedPageShowsTheApprovalsChannelMessageOfASubmittedRequestWithItsApproveButton(@TempDir Path profile)
            throws Exception {
        Path chromium = Chromium.required();
        String domain = "rendered.example.org";
        String id = e2e.submit(domain);

        Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--dump-dom", "--virtual-time-budget=5000",
                e2e.url("/").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String dom;
        try {
            dom = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(browser.waitFor(30, TimeUnit.SECONDS)).as("Chromium finished").isTrue();
        } finally {
            browser.destroyForcibly();
        }

        assertThat(dom).contains("<h3 class=\"slack-header\">Egress request: " + domain + "</h3>",
                "Request <code>" + id + "</code>", "<strong>Requester</strong>", "<strong>Domain</strong>\n<code>"
                        + domain + "</code>", "<time datetime=\"", "\u23F3 Waiting for an approver");
        assertThat(dom).as("no Slack markup shown raw").doesNotContain("*Requester*", "`" + id + "`", "&lt;!date^",
                ":hourglass_flowing_sand:");
        assertThat(dom).containsPattern("<button[^>]*data-action=\"approve\"[^>]*>Approve</button>");
    }

    @Test
    void theApproveButtonOfARenderedCardAsksAsSlackDoesThenApprovesTheRequestAsTheChosenSlackUser(@TempDir Path profile) throws Exception {
        Path chromium = Chromium.required();
        String id = e2e.submit("clicked.example.org");

        try (BrowserPage page = BrowserPage.open(chromium, profile)) {
            page.navigate(e2e.url("/?as=" + LocalControlPlane.APPROVER_2));
            String card = "[...document.querySelectorAll('#messages .msg')].find((m) => m.textContent.includes('" + id
                    + "'))";
            EndToEnd.await("the card's Approve button", () -> page.evaluate("!!(" + card
                    + " || { querySelector: () => null }).querySelector('button[data-action=approve]')").asBoolean(),
                    shown -> shown);
            assertThat(page.evaluate(card + ".querySelector('button[data-action=approve]').tagName").asText())
                    .isEqualTo("BUTTON");

            page.evaluate("window.confirm = (text) => { window.asked = text; return false; };"
                    + card + ".querySelector('button[data-action=approve]').click(); 'cancelled'");
            assertThat(page.evaluate("window.asked").asText()).as("the card's confirm dialog, as Slack shows it")
                    .isEqualTo("Approve this request?\n\nThe firewall will allow clicked.example.org.");
            Thread.sleep(1_000);
            assertThat(e2e.status(id)).as("Cancel sends nothing").isEqualTo("PENDING");

            page.evaluate("window.confirm = (text) => true;"
                    + card + ".querySelector('button[data-action=approve]').click(); 'clicked'");

            JsonNode approved = EndToEnd.await("request " + id + " approved", () -> e2e.request(id),
                    r -> List.of("APPROVED", "APPLYING", "ACTIVE").contains(r.path("status").asText()));
            assertThat(approved.toString()).as("approved by the Slack user the page acts as")
                    .contains(LocalControlPlane.APPROVER_2).doesNotContain(LocalControlPlane.APPROVER_1);
        }
    }

    @Test
    void theRenderedChannelShowsSlackDatesInTheViewersTimeZoneWithTheUtcFallbackAsTitle(@TempDir Path profile)
            throws Exception {
        Path chromium = Chromium.required();
        String id = e2e.submit("zoned.example.org");
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");

        String dom = dumpDom(chromium, profile, "/", Map.of("TZ", tokyo.getId(), "LANG", "en_US.UTF-8"));

        Matcher card = Pattern.compile("Request <code>" + id + "</code> · submitted <time datetime=\"([^\"]+)\""
                + " title=\"([^\"]+)\">([^<]+)</time>").matcher(dom);
        assertThat(card.find()).as("the card's submission date, rendered: " + dom).isTrue();
        Instant submitted = Instant.parse(card.group(1));
        assertThat(card.group(2)).as("the fallback, in UTC").isEqualTo(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(ZoneOffset.UTC).format(submitted));
        String day = submitted.atZone(tokyo).toLocalDate().equals(LocalDate.now(tokyo)) ? "today" : "yesterday";
        assertThat(card.group(3).replace('\u202f', ' ')).as("the day and the time in Tokyo")
                .isEqualTo(day + " " + DateTimeFormatter.ofPattern("h:mm a", Locale.US).withZone(tokyo).format(submitted));
        assertThat(dom).doesNotContain("&lt;!date^");
    }

    @Test
    void theRenderedBlockedPanelShowsHostileNamesAsTextAndOffersARequestForTheOthers(@TempDir Path profile)
            throws Exception {
        Path chromium = Chromium.required();
        assertThat(e2e.egress("blocked").exit()).as("the sample user has called the API from her app").isZero();
        String script = "<script>document.body.setAttribute('data-pwned','script')</script>";
        String image = "<img/src=x/onerror=document.body.setAttribute('data-pwned','img')>";
        for (String domain : List.of(script, image, "panel.example.org")) {
            e2e.traffic("alice-data-scientist", domain, 1);
        }
        EndToEnd.await("the three attempts in the list", () -> e2e.egress("--json", "blocked").json().path("items")
                .size(), size -> size >= 3);

        String dom = dumpDom(chromium, profile, "/");

        assertThat(dom).contains("<h2", "Blocked recently")
                .contains("&lt;script&gt;document.body.setAttribute('data-pwned','script')&lt;/script&gt;")
                .contains("&lt;img/src=x/onerror=document.body.setAttribute('data-pwned','img')&gt;")
                .containsPattern("<button[^>]*data-request=\"panel\\.example\\.org\"[^>]*>Request panel\\.example\\.org"
                        + "</button>");
        assertThat(dom).doesNotContain("data-pwned=\"", "<img", "<script>document");
    }

    @Test
    void theRenderedDirectMessagesShowADigestsHostileNamesAsTextAndARequestButtonForTheOthers(@TempDir Path profile)
            throws Exception {
        Path chromium = Chromium.required();
        assertThat(e2e.egress("blocked").exit()).as("the sample user has called the API from her app").isZero();
        String script = "<script>document.body.setAttribute('data-pwned','dm-script')</script>";
        String image = "<img/src=x/onerror=document.body.setAttribute('data-pwned','dm-img')>";
        for (String domain : List.of(script, image, "digest.page-example.org")) {
            e2e.traffic("alice-data-scientist", domain, 1);
        }
        HttpResponse<String> run = post("/_sandbox/run/digest", "");
        assertThat(EndToEnd.parse(run.body()).path("result").path("digestsSent").asInt()).as(run.body()).isEqualTo(1);

        String dom = dumpDom(chromium, profile, "/?as=" + LocalControlPlane.ALICE_SLACK);

        assertThat(dom).contains("Direct messages to", "alice.scientist", "Blocked by the egress firewall")
                .contains("&lt;script&gt;document.body.setAttribute('data-pwned','dm-script')&lt;/script&gt;")
                .contains("&lt;img/src=x/onerror=document.body.setAttribute('data-pwned','dm-img')&gt;")
                .containsPattern("<button[^>]*data-dm-request=\"digest\\.page-example\\.org\"[^>]*>Request"
                        + " digest\\.page-example\\.org</button>");
        assertThat(dom).doesNotContain("data-pwned=\"", "<img", "<script>document", "data-dm-request=\"&lt;");
    }

    @Test
    void theRenderedAuditTrailShowsWhatWasRecordedWithHostileActorsAndReasonsAsText(@TempDir Path profile)
            throws Exception {
        Path chromium = Chromium.required();
        String id = e2e.submit("audit-view.example.org");
        String actor = "<img src=x onerror=document.body.setAttribute('data-pwned','audit-img')>";
        String domain = "<script>document.body.setAttribute('data-pwned','audit-script')</script>";
        HttpResponse<String> rejected = e2e.send(HttpRequest.newBuilder(e2e.url("/api/requests"))
                .header(ApiGatewayFront.CALLER_HEADER, actor).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":" + quoted(domain) + ",\"justification\":\"x\"}")));
        assertThat(rejected.statusCode()).as(rejected.body()).isBetween(400, 499);

        String dom = dumpDom(chromium, profile, "/");

        assertThat(dom).contains("<h2 id=\"auditTitle\">Audit trail", "REQUEST_CREATED", id, "REQUEST_REJECTED")
                .contains("&lt;img src=x onerror=document.body.setAttribute('data-pwned','audit-img')&gt;")
                .containsPattern("<tr data-event=\"" + id + ":CREATED\"><td>[^<]+</td><td>"
                        + java.util.regex.Pattern.quote(LocalControlPlane.ALICE_ARN) + " \\(API\\)</td>");
        assertThat(dom).doesNotContain("data-pwned=\"", "<img", "<script>document");
    }

    @Test
    void theRenderedRequestsTableShowsEachRequestsScopeAndTheOnlyScopeIsDefault(@TempDir Path profile) throws Exception {
        Path chromium = Chromium.required();
        String id = e2e.submit("scoped-view.example.org");

        try (BrowserPage page = BrowserPage.open(chromium, profile)) {
            page.navigate(e2e.url("/"));
            String row = "document.querySelector('#requests tr[data-request-id=\"" + id + "\"]')";
            EndToEnd.await("the request in the requests table", () -> page.evaluate("!!" + row).asBoolean(),
                    shown -> shown);
            assertThat(page.evaluate(row + ".querySelector('td.scope').textContent").asText()).isEqualTo("default");
            assertThat(page.evaluate("[...document.getElementById('scope').options].map((o) => o.value).join(',')")
                    .asText()).isEqualTo("default");
            EndToEnd.await("the allow-list of default", () -> page.evaluate("document.getElementById('allowlistMeta')"
                    + ".textContent").asText(), meta -> meta.contains("scope default"));
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String dumpDom(Path chromium, Path profile, String path) throws Exception {
        return dumpDom(chromium, profile, path, Map.of());
    }

    private static String dumpDom(Path chromium, Path profile, String path, Map<String, String> environment)
            throws Exception {
        ProcessBuilder start = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--lang=en-US", "--user-data-dir=" + profile, "--dump-dom",
                "--virtual-time-budget=5000", e2e.url(path).toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        start.environment().putAll(environment);
        Process browser = start.start();
        try {
            String dom = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(browser.waitFor(30, TimeUnit.SECONDS)).as("Chromium finished").isTrue();
            return dom;
        } finally {
            browser.destroyForcibly();
        }
    }

    private static HttpResponse<String> post(String path, String json) {
        return e2e.send(HttpRequest.newBuilder(e2e.url(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }
}
