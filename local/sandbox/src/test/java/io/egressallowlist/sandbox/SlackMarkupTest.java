package io.egressallowlist.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The page's Slack markup renderer ({@code sandbox-ui/slack-markup.js}), run in Chromium: mrkdwn and Block Kit
 * shown as Slack shows them, and hostile text never becoming an element other than the renderer's own, a
 * {@code javascript:} link or a script that runs.
 */
class SlackMarkupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLACK_MESSAGES = "shared/src/main/java/io/egressallowlist/shared/slack";
    /** What the renderer may create, and the attributes it may set. */
    private static final String ALLOWED = "new Set(['STRONG','EM','S','CODE','PRE','BLOCKQUOTE','A','SPAN','TIME',"
            + "'H3','DIV','HR','BUTTON'])";
    private static final String ATTRIBUTES = "new Set(['href','rel','target','class','data-user','data-group',"
            + "'datetime','title','data-action'])";
    /** The viewer: in UTC unless a case says otherwise, on 1 January 2026, knowing one person and one group. */
    private static final String CONTEXT = "{ users: { U0APPROVER1: 'priya.approver' },"
            + " groups: { S0APPROVERS: 'egress-approvers' }, timeZone: 'UTC', locale: 'en-US',"
            + " now: Date.parse('2026-01-01T10:00:00Z') }";

    private static Path profile;
    private static BrowserPage browser;

    @BeforeAll
    static void openTheRendererInChromium() throws Exception {
        Path chromium = Chromium.required();
        profile = Files.createTempDirectory("slack-markup-chromium");
        browser = BrowserPage.open(chromium, profile);
        browser.evaluate(resource("/sandbox-ui/slack-markup.js") + "; 'loaded'");
        browser.evaluate("window.render = (text, extra) => { const box = document.createElement('div');"
                + " box.append(...SlackMarkup.mrkdwn(text, Object.assign(" + CONTEXT + ", extra || {})));"
                + " return box.innerHTML.replace(/\\u202f/g, ' '); }; 'ok'");
        browser.evaluate("window.inspect = (nodes) => { const box = document.createElement('div'); box.append(...nodes);"
                + " document.body.appendChild(box); const bad = []; const allowed = " + ALLOWED + ";"
                + " const attributes = " + ATTRIBUTES + ";"
                + " box.querySelectorAll('*').forEach((e) => { if (!allowed.has(e.tagName)) bad.push('<' + e.tagName + '>');"
                + " [...e.attributes].forEach((a) => { if (!attributes.has(a.name)) bad.push(e.tagName + '@' + a.name); });"
                + " if (e.hasAttribute('href') && !/^(https?:|mailto:)/.test(e.getAttribute('href')))"
                + " bad.push('href=' + e.getAttribute('href')); }); return bad; }; 'ok'");
    }

    @AfterAll
    static void closeChromium() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(file -> file.toFile().delete());
            }
        }
    }

    static Stream<Arguments> slackMarkup() {
        return Stream.of(
                arguments("*Requester*\n<@U0APPROVER1>",
                        "<strong>Requester</strong>\n<span class=\"mention\" data-user=\"U0APPROVER1\">@priya.approver</span>"),
                arguments("<@U0UNKNOWN1>", "<span class=\"mention\" data-user=\"U0UNKNOWN1\">@U0UNKNOWN1</span>"),
                arguments("_italic_, ~struck~ and *bold _and italic_*",
                        "<em>italic</em>, <s>struck</s> and <strong>bold <em>and italic</em></strong>"),
                arguments("Request `req-1` · *not `code*` here*",
                        "Request <code>req-1</code> · <strong>not <code>code*</code> here</strong>"),
                arguments("```a *b* `c`\n&lt;d&gt; &amp;lt;```after",
                        "<pre>a *b* `c`\n&lt;d&gt; &amp;lt;</pre>after"),
                arguments("&gt; quoted *line*\n&gt; second\nnext",
                        "<blockquote>quoted <strong>line</strong>\nsecond</blockquote>next"),
                arguments("<https://example.org/a?b=1&amp;c=2|the docs>",
                        "<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noopener noreferrer\" target=\"_blank\">"
                                + "the docs</a>"),
                arguments("<https://example.org>",
                        "<a href=\"https://example.org/\" rel=\"noopener noreferrer\" target=\"_blank\">"
                                + "https://example.org</a>"),
                arguments("<mailto:security@example.org|security>",
                        "<a href=\"mailto:security@example.org\" rel=\"noopener noreferrer\" target=\"_blank\">"
                                + "security</a>"),
                arguments("<javascript:alert(1)|click me>", "click me"),
                arguments("<!subteam^S0APPROVERS> and <!subteam^S0OTHERS|@ops>",
                        "<span class=\"mention\" data-group=\"S0APPROVERS\">@egress-approvers</span> and"
                                + " <span class=\"mention\" data-group=\"S0OTHERS\">@ops</span>"),
                arguments("<!here>", "<span class=\"mention\">@here</span>"),
                arguments("<!date^1733400000^{date_short_pretty} {time}|2024-12-05 12:00 UTC>",
                        "<time datetime=\"2024-12-05T12:00:00.000Z\" title=\"2024-12-05 12:00 UTC\">"
                                + "Dec 5, 2024 12:00 PM</time>"),
                arguments("<!date^1767261600^{date_short_pretty} at {time}|2026-01-01 10:00 UTC>",
                        "<time datetime=\"2026-01-01T10:00:00.000Z\" title=\"2026-01-01 10:00 UTC\">"
                                + "today at 10:00 AM</time>"),
                arguments("<!date^1767175200^{date_pretty}|2025-12-31 10:00 UTC>",
                        "<time datetime=\"2025-12-31T10:00:00.000Z\" title=\"2025-12-31 10:00 UTC\">"
                                + "yesterday</time>"),
                arguments("<!date^1733400000^{date_num} {time_secs}|x>",
                        "<time datetime=\"2024-12-05T12:00:00.000Z\" title=\"x\">2024-12-05 12:00:00 PM</time>"),
                arguments("<!date^1767254400^{ago}|2026-01-01 08:00 UTC> <!date^1767265200^{ago}|x>",
                        "<time datetime=\"2026-01-01T08:00:00.000Z\" title=\"2026-01-01 08:00 UTC\">2 hours ago</time>"
                                + " <time datetime=\"2026-01-01T11:00:00.000Z\" title=\"x\">in 1 hour</time>"),
                arguments("<!date^1767261600^{unknown} {date_long}|x>",
                        "<time datetime=\"2026-01-01T10:00:00.000Z\" title=\"x\">{unknown} Thursday, January 1, 2026</time>"),
                arguments("<!date^soon^{date}|the fallback>", "the fallback"),
                arguments(":shield: Version 3 :x: :not_an_emoji: 10:00:15",
                        "\uD83D\uDEE1\uFE0F Version 3 \u274C :not_an_emoji: 10:00:15"),
                arguments(":white_check_mark: :hourglass_flowing_sand: :no_entry: :warning: :rotating_light:",
                        "\u2705 \u23F3 \u26D4 \u26A0\uFE0F \uD83D\uDEA8"),
                arguments("AT&amp;T &lt;b&gt;x&lt;/b&gt; &amp;lt;i&amp;gt;",
                        "AT&amp;T &lt;b&gt;x&lt;/b&gt; &amp;lt;i&amp;gt;"),
                arguments("*open and `tick and _under", "*open and `tick and _under"),
                arguments("snake_case_name, 2*3*4 and a * b *", "snake_case_name, 2*3*4 and a * b *"),
                arguments("<not a link>", "&lt;not a link&gt;"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slackMarkup")
    void mrkdwnIsShownAsSlackShowsIt(String mrkdwn, String html) throws JsonProcessingException {
        assertThat(browser.evaluate("render(" + JSON.writeValueAsString(mrkdwn) + ")").asText()).isEqualTo(html);
    }

    @Test
    void aDateIsShownInTheViewersTimeZone() {
        String token = "\"<!date^1733400000^{date_short_pretty} {time}|2024-12-05 12:00 UTC>\"";

        assertThat(browser.evaluate("render(" + token + ", { timeZone: 'Asia/Tokyo' })").asText())
                .contains(">Dec 5, 2024 9:00 PM</time>");
        assertThat(browser.evaluate("render(" + token + ", { timeZone: 'America/Los_Angeles' })").asText())
                .contains(">Dec 5, 2024 4:00 AM</time>");
        assertThat(browser.evaluate("render(" + token + ", { timeZone: undefined })").asText())
                .as("without a zone, the browser's own").isEqualTo(browser.evaluate("render(" + token + ", { timeZone:"
                        + " Intl.DateTimeFormat().resolvedOptions().timeZone })").asText());
    }

    @Test
    void blocksAreShownAsSlackLaysThemOutWithTheirButtonsAsButtons() {
        String blocks = "[{type:'header',text:{type:'plain_text',text:'Egress request: a.example.org :shield:'}},"
                + "{type:'section',fields:[{type:'mrkdwn',text:'*Requester*\\n<@U0APPROVER1>'},"
                + "{type:'mrkdwn',text:'*Domain*\\n`a.example.org`'}]},"
                + "{type:'section',text:{type:'mrkdwn',text:'Some _text_'},accessory:{type:'button',action_id:'request-blocked',"
                + "value:'a.example.org',text:{type:'plain_text',text:'Request'}}},"
                + "{type:'context',elements:[{type:'mrkdwn',text:'Request `r-1`'}]},{type:'divider'},{type:'image'},"
                + "{type:'actions',elements:[{type:'button',action_id:'approve',value:'r-1',style:'primary',"
                + "text:{type:'plain_text',text:'Approve'}},{type:'static_select'}]}]";
        String button = "(b) => { const e = document.createElement('button'); e.setAttribute('data-action', b.action_id);"
                + " e.textContent = SlackMarkup.plain(b.text.text); return e; }";

        String html = browser.evaluate("(() => { const box = document.createElement('div'); box.append(...SlackMarkup"
                + ".blocks(" + blocks + ", Object.assign(" + CONTEXT + ", { button: " + button + " })));"
                + " return box.innerHTML; })()").asText();

        assertThat(html).isEqualTo("<h3 class=\"slack-header\">Egress request: a.example.org \uD83D\uDEE1\uFE0F</h3>"
                + "<div class=\"slack-section\"><div class=\"slack-fields\">"
                + "<div class=\"mrkdwn\"><strong>Requester</strong>\n<span class=\"mention\" data-user=\"U0APPROVER1\">"
                + "@priya.approver</span></div><div class=\"mrkdwn\"><strong>Domain</strong>\n<code>a.example.org</code>"
                + "</div></div></div>"
                + "<div class=\"slack-section\"><div class=\"mrkdwn\">Some <em>text</em></div>"
                + "<button data-action=\"request-blocked\">Request</button></div>"
                + "<div class=\"slack-context mrkdwn\">Request <code>r-1</code></div><hr>"
                + "<div class=\"slack-actions\"><button data-action=\"approve\">Approve</button></div>");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<script>window.pwned = 'script'</script>",
        "&lt;script&gt;window.pwned = 'escaped script'&lt;/script&gt;",
        "<img src=x onerror=\"window.pwned = 'img'\">",
        "&lt;img src=x onerror=window.pwned='escaped img'&gt;",
        "<javascript:window.pwned='link'|click>",
        "<JavaScript:window.pwned='link'>",
        "< javascript:alert(1)|x>",
        "<data:text/html,<script>alert(1)</script>|x>",
        "<vbscript:msgbox(1)|x> <file:///etc/passwd|x> <//evil.example/|x>",
        "<https://ok.example/\" onclick=\"window.pwned='quote'|x>",
        "*<img src=x onerror=window.pwned='bold'>*",
        "_*~`<svg onload=window.pwned='nested'>`~*_",
        "```<iframe src=javascript:window.pwned='fence'>",
        "<@U1|<b onclick=x>name</b>>",
        "<!date^1^{date}<img src=x onerror=window.pwned='date'>|f>",
        "<!subteam^S1|<svg/onload=window.pwned='group'>>",
        "&gt; <style>*{display:none}</style>",
        "*_~*_~*_~*_~*_~*_~*_~*_~a~_*~_*~_*~_*~_*~_*~_*~_*",
        ":shield:<img src=x onerror=window.pwned='emoji'>:x:",
        "&amp;lt;script&amp;gt;window.pwned='twice'&amp;lt;/script&amp;gt;",
        "<https://example.org|<img src=x onerror=window.pwned='label'>>",
        "<mailto:a@b.example?subject=<script>|mail>",
        "````<b>`*<i>*`</b>````"
    })
    void hostileTextNeverBecomesAnotherElementALinkElsewhereOrARunningScript(String hostile) throws Exception {
        String text = JSON.writeValueAsString(hostile);

        JsonNode asMrkdwn = browser.evaluate("inspect(SlackMarkup.mrkdwn(" + text + ", " + CONTEXT + "))");
        JsonNode asBlocks = browser.evaluate("inspect(SlackMarkup.blocks([{type:'header',text:{type:'plain_text',text:"
                + text + "}},{type:'section',text:{type:'mrkdwn',text:" + text + "},fields:[{type:'mrkdwn',text:" + text
                + "}]},{type:'context',elements:[{type:'mrkdwn',text:" + text + "},{type:'plain_text',text:" + text
                + "}]}], " + CONTEXT + "))");

        assertThat(asMrkdwn).as("elements or attributes not allowed, from mrkdwn").isEmpty();
        assertThat(asBlocks).as("elements or attributes not allowed, from blocks").isEmpty();
        assertThat(browser.evaluate("new Promise((done) => setTimeout(() => done(String(window.pwned)), 100))").asText())
                .as("no script of the text ran").isEqualTo("undefined");
        assertThat(browser.evaluate("(() => { const box = document.createElement('div');"
                + " box.append(...SlackMarkup.mrkdwn(" + text + ", " + CONTEXT + ")); return box.textContent.length; })()")
                .asInt()).as("the text is shown, not dropped").isPositive();
    }

    @Test
    void everyEmojiShortcodeOurSlackMessagesUseIsShownAsAnEmoji() throws IOException {
        Pattern shortcode = Pattern.compile("(?:\"|\\\\n| ):([a-z_]+):(?= )");
        Set<String> used = new TreeSet<>();
        try (Stream<Path> sources = Files.list(ProjectRoot.file(SLACK_MESSAGES, "The Slack message builders are missing."))) {
            for (Path source : sources.filter(file -> file.toString().endsWith(".java")).toList()) {
                shortcode.matcher(Files.readString(source)).results().forEach(found -> used.add(found.group(1)));
            }
        }
        List<String> shown = new ArrayList<>();
        browser.evaluate("Object.keys(SlackMarkup.EMOJI)").forEach(name -> shown.add(name.asText()));

        assertThat(used).as("the shortcodes found in " + SLACK_MESSAGES).contains("shield", "white_check_mark", "x")
                .hasSizeGreaterThanOrEqualTo(10);
        assertThat(shown).containsAll(used);
    }

    @Test
    void theInspectionFindsWhatItLooksFor() {
        assertThat(browser.evaluate("(() => { const a = document.createElement('a'); a.setAttribute('href',"
                + " 'javascript:x'); const i = document.createElement('img'); i.setAttribute('onerror', 'x');"
                + " return inspect([a, i]); })()").toString())
                .contains("href=javascript:x", "<IMG>", "IMG@onerror");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SlackMarkupTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name + " on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
