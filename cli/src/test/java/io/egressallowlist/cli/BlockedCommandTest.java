package io.egressallowlist.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    private HttpServer server;
    private final List<String> seen = new ArrayList<>();
    /** "METHOD path" (without the query) → status and body. */
    private final Map<String, Map.Entry<Integer, String>> answers = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " body=" + requestBody);
            Map.Entry<Integer, String> answer = answers.getOrDefault(exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getPath(), Map.entry(404, "{\"title\":\"Not found\"}"));
            byte[] reply = answer.getValue().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.getKey(), reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(String route, int status, String body) {
        answers.put(route, Map.entry(status, body));
    }

    private EgressCli.Exit run(String... args) {
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
        List<String> all = new ArrayList<>(List.of("--endpoint", endpoint));
        all.addAll(List.of(args));
        return new EgressCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(all.toArray(String[]::new), Map.of("EGRESS_PRINCIPAL", "arn:aws:iam::1:user/alice"));
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theTableShowsEachDomainWhatToRequestAndWhereItStands() {
        answer("GET /api/blocked", 200, PAGE);

        assertThat(run("blocked")).isEqualTo(EgressCli.Exit.OK);

        assertThat(seen).containsExactly("GET /api/blocked body=");
        assertThat(printed()).contains("Blocked for you since 2026-03-09T12:00:00Z", "DOMAIN", "REQUEST AS")
                .containsPattern("cdn-lfs\\.hf\\.co +\\.hf\\.co +7 +2026-03-10T11:00:00Z +blocked")
                .containsPattern("objects\\.githubusercontent\\.com +objects\\.githubusercontent\\.com +2 .* requested: "
                        + "01JD8X3Q4T5V6W7X8Y9Z0ABCDE")
                .containsPattern("10\\.0\\.0\\.1 +\\(cannot be requested\\)")
                .contains("egress blocked --request");
    }

    @Test
    void sinceAndAllArePassedAsTheApisQueryParameters() {
        answer("GET /api/blocked", 200, "{\"scope\":\"all\",\"since\":\"2026-03-03T12:00:00Z\",\"items\":[{\"domain\":"
                + "\"pypi.org\",\"suggestedTarget\":\"pypi.org\",\"count\":9,\"people\":3,\"lastSeen\":\"t\","
                + "\"allowedNow\":true,\"openRequestId\":null}]}");

        assertThat(run("blocked", "--since", "P7D", "--all")).isEqualTo(EgressCli.Exit.OK);

        assertThat(seen).containsExactly("GET /api/blocked?since=P7D&scope=all body=");
        assertThat(printed()).contains("Blocked for everyone", "PEOPLE").containsPattern("pypi\\.org +pypi\\.org +9 +3 +t"
                + " +allowed now");
    }

    @Test
    void jsonPrintsTheApisAnswer() {
        answer("GET /api/blocked", 200, PAGE);

        assertThat(run("--json", "blocked")).isEqualTo(EgressCli.Exit.OK);

        assertThat(EgressCli.parse(printed()).path("items").get(0).path("suggestedTarget").asText()).isEqualTo(".hf.co");
    }

    @Test
    void controlCharactersAndEscapeSequencesInANameNeverReachTheTerminalRaw() {
        String hostile = "evil\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202egnp.exe\\r\\nfake line";
        answer("GET /api/blocked", 200, "{\"scope\":\"mine\",\"since\":\"s\",\"items\":[{\"domain\":\"" + hostile
                + "\",\"suggestedTarget\":null,\"count\":1,\"lastSeen\":\"t\",\"allowedNow\":false,"
                + "\"openRequestId\":null}]}");

        assertThat(run("blocked")).isEqualTo(EgressCli.Exit.OK);

        String text = printed();
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
        answer("GET /api/blocked", 200, PAGE);
        answer("POST /api/requests", 201, CREATED);

        EgressCli.Exit exit = run("blocked", "--request", "CDN-LFS.hf.co.", "--reason", "model weights", "--days", "7");

        assertThat(exit).isEqualTo(EgressCli.Exit.OK);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1)).startsWith("POST /api/requests body=")
                .contains("\"domain\":\".hf.co\"", "\"justification\":\"model weights\"", "\"durationDays\":7");
        assertThat(printed()).contains("Request submitted", "01ABC");
    }

    @Test
    void theSuggestionItselfNamesTheEntryToo() {
        answer("GET /api/blocked", 200, PAGE);
        answer("POST /api/requests", 201, CREATED);

        assertThat(run("blocked", "--request", ".hf.co", "--reason", "weights")).isEqualTo(EgressCli.Exit.OK);
        assertThat(seen.get(1)).contains("\"domain\":\".hf.co\"");
    }

    @Test
    void aDomainWithoutABlockedAttemptIsNotFoundAndNothingIsSubmitted() {
        answer("GET /api/blocked", 200, PAGE);

        assertThat(run("blocked", "--request", "pypi.org", "--reason", "x")).isEqualTo(EgressCli.Exit.NOT_FOUND);
        assertThat(seen).containsExactly("GET /api/blocked body=");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no blocked attempt to pypi.org", "egress blocked");
    }

    @Test
    void anEntryThatIsNotAHostNameIsRefusedAndNothingIsSubmitted() {
        answer("GET /api/blocked", 200, PAGE);

        assertThat(run("blocked", "--request", "10.0.0.1", "--reason", "x")).isEqualTo(EgressCli.Exit.REFUSED);
        assertThat(seen).containsExactly("GET /api/blocked body=");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a name that can be requested");
    }

    @Test
    void requestingWithoutAReasonIsAUsageErrorBeforeAnyCall() {
        assertThat(run("blocked", "--request", "cdn-lfs.hf.co")).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("blocked needs --reason");
        assertThat(seen).isEmpty();
    }

    @Test
    void aDomainWithoutRequestOrABadDayCountIsAUsageErrorBeforeAnyCall() {
        assertThat(run("blocked", "cdn-lfs.hf.co")).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("blocked takes no domain of its own",
                "--request <domain>");
        assertThat(run("blocked", "--request", "cdn-lfs.hf.co", "--reason", "x", "--days", "0"))
                .isEqualTo(EgressCli.Exit.USAGE);
        assertThat(run("blocked", "--request", "cdn-lfs.hf.co", "--reason", "x", "--days", "two"))
                .isEqualTo(EgressCli.Exit.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--days must be a positive whole number");
        assertThat(seen).isEmpty();
    }

    @Test
    void aCallerWhoIsNoStudioUserIsToldWhyTheListIsEmpty() {
        answer("GET /api/blocked", 200, "{\"scope\":\"mine\",\"since\":\"s\",\"studioUserProfile\":null,\"items\":[]}");

        assertThat(run("blocked")).isEqualTo(EgressCli.Exit.OK);
        assertThat(printed()).contains("(none)", "no blocked attempt is attributed to you");
    }

    @ParameterizedTest(name = "HTTP {0} from the list exits as documented")
    @ValueSource(ints = {400, 403, 503})
    void aProblemFromTheListIsReportedWithTheDocumentedExitCode(int status) {
        answer("GET /api/blocked", status, "{\"title\":\"t\",\"detail\":\"d\\u001b[2J\",\"field\":\"since\","
                + "\"reason\":\"MALFORMED\"}");

        EgressCli.Exit exit = run("blocked", "--since", "yesterday");

        assertThat(exit).isEqualTo(status == 400 ? EgressCli.Exit.REFUSED : status == 403
                ? EgressCli.Exit.FORBIDDEN_OR_CONFLICT : EgressCli.Exit.UNAVAILABLE);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("\u001b").contains("d\\u001b[2J");
        assertThat(run("blocked", "--request", "cdn-lfs.hf.co", "--reason", "x")).isEqualTo(exit);
        assertThat(seen).allMatch(call -> call.startsWith("GET "));
    }

    @Test
    void helpListsTheBlockedCommand() {
        assertThat(run("--help")).isEqualTo(EgressCli.Exit.OK);
        assertThat(printed()).contains("blocked [--since", "blocked --request <domain> --reason TEXT");
    }
}
