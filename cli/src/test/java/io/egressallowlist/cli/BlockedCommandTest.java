package io.egressallowlist.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code egress blocked}: the list, its safe rendering, and requesting what an entry suggests. */
class BlockedCommandTest {

    private static final String PAGE = """
            {"scope":"mine","since":"2026-03-09T12:00:00Z","items":[
             {"domain":"cdn-lfs.hf.co","suggestedTarget":".hf.co","count":7,"firstSeen":"2026-03-10T09:00:00Z",
              "lastSeen":"2026-03-10T11:00:00Z","allowedNow":false,"openRequestId":null},
             {"domain":"objects.githubusercontent.com","suggestedTarget":"objects.githubusercontent.com","count":2,
              "firstSeen":"2026-03-10T08:00:00Z","lastSeen":"2026-03-10T08:30:00Z","allowedNow":false,
              "openRequestId":"01JD8X3Q4T5V6W7X8Y9Z0ABCDE"},
             {"domain":"10.0.0.1","suggestedTarget":null,"count":1,"firstSeen":"2026-03-10T07:00:00Z",
              "lastSeen":"2026-03-10T07:00:00Z","allowedNow":false,"openRequestId":null}]}""";

    private static final String CREATED = """
            {"outcome":"CREATED","request":{"id":"01ABC","kind":"DOMAIN","target":".hf.co","status":"PENDING",
            "requester":{"principal":"arn:aws:iam::1:user/alice"},"justification":"weights","approvals":[]}}""";

    /** The list asked for once, by the caller, with no body. */
    private static final String LIST_CALL = "GET /api/blocked caller=" + LoopbackApi.PRINCIPAL + " body=";

    @RegisterExtension
    final LoopbackApi api = new LoopbackApi().otherwise(404, "{\"title\":\"Not found\"}");

    @Test
    void theTableShowsEachDomainWhatToRequestAndWhereItStands() {
        api.answer("GET /api/blocked", 200, PAGE);

        assertThat(api.run("blocked")).isEqualTo(EgressCli.Exit.OK);

        assertThat(api.seen()).containsExactly(LIST_CALL);
        assertThat(api.printed()).contains("Blocked for you since 2026-03-09T12:00:00Z", "DOMAIN", "REQUEST AS")
                .containsPattern("cdn-lfs\\.hf\\.co +\\.hf\\.co +7 +2026-03-10T11:00:00Z +blocked")
                .containsPattern("objects\\.githubusercontent\\.com +objects\\.githubusercontent\\.com +2 .* requested: "
                        + "01JD8X3Q4T5V6W7X8Y9Z0ABCDE")
                .containsPattern("10\\.0\\.0\\.1 +\\(cannot be requested\\)")
                .contains("egress blocked --request");
    }

    @Test
    void sinceAndAllArePassedAsTheApisQueryParameters() {
        api.answer("GET /api/blocked", 200, "{\"scope\":\"all\",\"since\":\"2026-03-03T12:00:00Z\",\"items\":[{\"domain\":"
                + "\"pypi.org\",\"suggestedTarget\":\"pypi.org\",\"count\":9,\"people\":3,\"lastSeen\":\"t\","
                + "\"allowedNow\":true,\"openRequestId\":null}]}");

        assertThat(api.run("blocked", "--since", "P7D", "--all")).isEqualTo(EgressCli.Exit.OK);

        assertThat(api.seen())
                .containsExactly("GET /api/blocked?since=P7D&scope=all caller=" + LoopbackApi.PRINCIPAL + " body=");
        assertThat(api.printed()).contains("Blocked for everyone", "PEOPLE").containsPattern("pypi\\.org +pypi\\.org +9 +3 +t"
                + " +allowed now");
    }

    @Test
    void jsonPrintsTheApisAnswer() {
        api.answer("GET /api/blocked", 200, PAGE);

        assertThat(api.run("--json", "blocked")).isEqualTo(EgressCli.Exit.OK);

        assertThat(EgressCli.parse(api.printed()).path("items").get(0).path("suggestedTarget").asText()).isEqualTo(".hf.co");
    }

    @Test
    void controlCharactersAndEscapeSequencesInANameNeverReachTheTerminalRaw() {
        String hostile = "evil\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202egnp.exe\\r\\nfake line";
        api.answer("GET /api/blocked", 200, "{\"scope\":\"mine\",\"since\":\"s\",\"items\":[{\"domain\":\"" + hostile
                + "\",\"suggestedTarget\":null,\"count\":1,\"lastSeen\":\"t\",\"allowedNow\":false,"
                + "\"openRequestId\":null}]}");

        assertThat(api.run("blocked")).isEqualTo(EgressCli.Exit.OK);

        String text = api.printed();
        assertThat(text).doesNotContain("\u001b", "\u0007", "\u009b", "\u202e", "\r")
                .contains("evil\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202egnp.exe\\u000d\\u000afake line");
        assertThat(text.lines().filter(line -> line.startsWith("fake line"))).isEmpty();
    }

    @Test
    void safeTextKeepsLettersOfEveryScriptAndEscapesTheRest() {
        assertThat(Terminal.safe("bücher.de 例え.jp")).isEqualTo("bücher.de 例え.jp");
        assertThat(Terminal.safe("a\u200bb\u2028c\ud800d\ue000")).isEqualTo("a\\u200bb\\u2028c\\ud800d\\ue000");
        assertThat(Terminal.safe(null)).isEmpty();
    }

    @Test
    void requestingABlockedEntrySubmitsItsSuggestedTarget() {
        api.answer("GET /api/blocked", 200, PAGE);
        api.answer("POST /api/requests", 201, CREATED);

        EgressCli.Exit exit = api.run("blocked", "--request", "CDN-LFS.hf.co.", "--reason", "model weights", "--days", "7");

        assertThat(exit).isEqualTo(EgressCli.Exit.OK);
        assertThat(api.seen()).hasSize(2);
        assertThat(api.seen().get(1)).startsWith("POST /api/requests caller=" + LoopbackApi.PRINCIPAL + " body=")
                .contains("\"domain\":\".hf.co\"", "\"justification\":\"model weights\"", "\"durationDays\":7");
        assertThat(api.printed()).contains("Request submitted", "01ABC");
    }

    @Test
    void theSuggestionItselfNamesTheEntryToo() {
        api.answer("GET /api/blocked", 200, PAGE);
        api.answer("POST /api/requests", 201, CREATED);

        assertThat(api.run("blocked", "--request", ".hf.co", "--reason", "weights")).isEqualTo(EgressCli.Exit.OK);
        assertThat(api.seen().get(1)).contains("\"domain\":\".hf.co\"");
    }

    @Test
    void aDomainWithoutABlockedAttemptIsNotFoundAndNothingIsSubmitted() {
        api.answer("GET /api/blocked", 200, PAGE);

        assertThat(api.run("blocked", "--request", "pypi.org", "--reason", "x")).isEqualTo(EgressCli.Exit.NOT_FOUND);
        assertThat(api.seen()).containsExactly(LIST_CALL);
        assertThat(api.errors()).contains("no blocked attempt to pypi.org", "egress blocked");
    }

    @Test
    void anEntryThatIsNotAHostNameIsRefusedAndNothingIsSubmitted() {
        api.answer("GET /api/blocked", 200, PAGE);

        assertThat(api.run("blocked", "--request", "10.0.0.1", "--reason", "x")).isEqualTo(EgressCli.Exit.REFUSED);
        assertThat(api.seen()).containsExactly(LIST_CALL);
        assertThat(api.errors()).contains("is not a name that can be requested");
    }

    @Test
    void requestingWithoutAReasonIsAUsageErrorBeforeAnyCall() {
        assertThat(api.run("blocked", "--request", "cdn-lfs.hf.co")).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.errors()).contains("blocked needs --reason");
        assertThat(api.seen()).isEmpty();
    }

    @Test
    void aDomainWithoutRequestOrABadDayCountIsAUsageErrorBeforeAnyCall() {
        assertThat(api.run("blocked", "cdn-lfs.hf.co")).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.errors()).contains("blocked takes no domain of its own",
                "--request <domain>");
        assertThat(api.run("blocked", "--request", "cdn-lfs.hf.co", "--reason", "x", "--days", "0"))
                .isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.run("blocked", "--request", "cdn-lfs.hf.co", "--reason", "x", "--days", "two"))
                .isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.errors()).contains("--days must be a positive whole number");
        assertThat(api.seen()).isEmpty();
    }

    @Test
    void aCallerWhoIsNoStudioUserIsToldWhyTheListIsEmpty() {
        api.answer("GET /api/blocked", 200, "{\"scope\":\"mine\",\"since\":\"s\",\"studioUserProfile\":null,\"items\":[]}");

        assertThat(api.run("blocked")).isEqualTo(EgressCli.Exit.OK);
        assertThat(api.printed()).contains("(none)", "no blocked attempt is attributed to you");
    }

    @ParameterizedTest(name = "HTTP {0} from the list exits as documented")
    @ValueSource(ints = {400, 403, 503})
    void aProblemFromTheListIsReportedWithTheDocumentedExitCode(int status) {
        api.answer("GET /api/blocked", status, "{\"title\":\"t\",\"detail\":\"d\\u001b[2J\",\"field\":\"since\","
                + "\"reason\":\"MALFORMED\"}");

        EgressCli.Exit exit = api.run("blocked", "--since", "yesterday");

        assertThat(exit).isEqualTo(status == 400 ? EgressCli.Exit.REFUSED : status == 403
                ? EgressCli.Exit.FORBIDDEN_OR_CONFLICT : EgressCli.Exit.UNAVAILABLE);
        assertThat(api.errors()).doesNotContain("\u001b").contains("d\\u001b[2J");
        assertThat(api.run("blocked", "--request", "cdn-lfs.hf.co", "--reason", "x")).isEqualTo(exit);
        assertThat(api.seen()).allMatch(call -> call.startsWith("GET "));
    }

    @Test
    void helpListsTheBlockedCommand() {
        assertThat(api.run("--help")).isEqualTo(EgressCli.Exit.OK);
        assertThat(api.printed()).contains("blocked [--since", "blocked --request <domain> --reason TEXT");
    }
}
