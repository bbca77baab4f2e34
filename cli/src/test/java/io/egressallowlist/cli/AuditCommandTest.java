package io.egressallowlist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code egress audit}: the query it sends, the table, the exports and the exit codes of refusals. */
class AuditCommandTest {

    private static final String PAGE = """
            {"since":"2026-03-09T12:00:00Z","until":"2026-03-10T12:00:00Z","nextToken":null,"items":[
             {"eventId":"01ABC:CREATED","at":"2026-03-10T09:00:00Z","actor":"arn:aws:iam::1:user/alice",
              "action":"REQUEST_CREATED","via":"API","sourceIp":"10.0.1.23","requestId":"01ABC","version":null,
              "details":{"subject":"huggingface.co"},"chainSeq":7},
             {"eventId":"rejected:01XYZ","at":"2026-03-10T10:00:00Z","actor":"=HYPERLINK(\\"http://evil\\",\\"x\\")",
              "action":"REQUEST_REJECTED","via":"API","sourceIp":null,"requestId":null,"version":null,
              "details":{"message":"@SUM(1,2)\\r\\nline two \\u001b[31m","field":"domain"},"chainSeq":null}]}""";

    @RegisterExtension
    final LoopbackApi api = new LoopbackApi().otherwise(404, "{\"title\":\"Not found\"}");

    @Test
    void theOptionsBecomeTheApisQueryParametersAndTheTableIsPrintedSafely() {
        api.answer("GET /api/audit", 200, PAGE);

        assertThat(api.run("audit", "--since", "P7D", "--until", "2026-03-10T12:00:00Z", "--actor", "slack:U0A B",
                "--request", "01ABC", "--type", "REQUEST_CREATED", "--limit", "20")).isEqualTo(EgressCli.Exit.OK);

        assertThat(api.seen()).singleElement().asString().startsWith("GET /api/audit?limit=20&")
                .contains("since=P7D", "until=2026-03-10T12%3A00%3A00Z", "actor=slack%3AU0A+B", "requestId=01ABC",
                        "type=REQUEST_CREATED");
        assertThat(api.printed()).contains("Audit trail from 2026-03-09T12:00:00Z until 2026-03-10T12:00:00Z",
                        "TIME", "ACTOR", "ACTION", "REQUEST", "DETAILS")
                .containsPattern("2026-03-10T09:00:00Z +alice +REQUEST_CREATED +01ABC +subject=huggingface\\.co")
                .doesNotContain("\u001b", "\r\n");
    }

    private static String page(String token, String... ids) {
        StringBuilder items = new StringBuilder();
        for (String id : ids) {
            items.append(items.length() == 0 ? "" : ",").append("{\"eventId\":\"").append(id)
                    .append("\",\"at\":\"2026-03-10T09:00:00Z\",\"actor\":\"a\",\"action\":\"TEST\",\"details\":{}}");
        }
        return "{\"since\":\"s\",\"until\":\"u\",\"nextToken\":" + (token == null ? "null" : "\"" + token + "\"")
                + ",\"items\":[" + items + "]}";
    }

    @Test
    void everyPageIsFollowedThroughItsNextTokenIntoOneExport() {
        api.answerInTurn("GET /api/audit", page("t/1+", "a", "b"), page("t2", "c"), page(null, "d"));

        assertThat(api.run("audit", "--format", "jsonl", "--type", "TEST")).isEqualTo(EgressCli.Exit.OK);

        assertThat(api.printed().lines().map(line -> line.replaceAll(".*\"eventId\":\"([a-z])\".*", "$1")))
                .containsExactly("a", "b", "c", "d");
        assertThat(api.seen()).hasSize(3);
        assertThat(api.seen().get(1)).contains("limit=500&type=TEST&nextToken=t%2F1%2B ");
        assertThat(api.seen().get(2)).contains("nextToken=t2 ");
    }

    @Test
    void aLimitStopsAfterThatManyRecordsAskingOnlyForWhatIsLeft() {
        api.answerInTurn("GET /api/audit", page("t1", "a", "b"), page("t2", "c"), page(null, "d"));

        assertThat(api.run("--json", "audit", "--limit", "3")).isEqualTo(EgressCli.Exit.OK);

        assertThat(api.seen()).hasSize(2);
        assertThat(api.seen().get(0)).contains("audit?limit=3 ");
        assertThat(api.seen().get(1)).contains("audit?limit=1&nextToken=t1 ");
        assertThat(api.printed()).contains("\"a\"", "\"b\"", "\"c\"").doesNotContain("\"d\"");
    }

    @Test
    void jsonPrintsEveryRecordWithTheRange() throws Exception {
        api.answer("GET /api/audit", 200, PAGE);

        assertThat(api.run("--json", "audit")).isEqualTo(EgressCli.Exit.OK);

        JsonNode printed = new ObjectMapper().readTree(api.printed());
        assertThat(printed.path("items")).hasSize(2);
        assertThat(printed.path("since").asText()).isEqualTo("2026-03-09T12:00:00Z");
    }

    @Test
    void jsonLinesExportHoldsOneRecordPerLine(@TempDir Path dir) throws Exception {
        api.answer("GET /api/audit", 200, PAGE);
        Path file = dir.resolve("audit.jsonl");

        assertThat(api.run("audit", "--format", "jsonl", "--output", file.toString())).isEqualTo(EgressCli.Exit.OK);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(new ObjectMapper().readTree(lines.get(1)).path("details").path("message").asText())
                .isEqualTo("@SUM(1,2)\r\nline two \u001b[31m");
        assertThat(api.errors()).contains("wrote 2 audit records");
        try (var listing = Files.list(dir)) {
            assertThat(listing).as("no partial file left").containsExactly(file);
        }
    }

    @Test
    void csvExportQuotesAsRfc4180AndDefusesFormulas() {
        api.answer("GET /api/audit", 200, PAGE);

        assertThat(api.run("audit", "--format", "csv")).isEqualTo(EgressCli.Exit.OK);

        assertThat(api.printed()).startsWith("at,eventId,actor,action,via,sourceIp,requestId,version,chainSeq,details\r\n")
                .contains("2026-03-10T09:00:00Z,01ABC:CREATED,arn:aws:iam::1:user/alice,REQUEST_CREATED,API,10.0.1.23,"
                        + "01ABC,,7,\"{\"\"subject\"\":\"\"huggingface.co\"\"}\"\r\n")
                .contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",REQUEST_REJECTED,");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {"=1+1|'=1+1", "+1|'+1", "-1|'-1", "@A1|'@A1",
            "plain|plain", "a=b|a=b"})
    void aFieldAFormulaCouldStartWithGetsAnApostrophe(String value, String expected) {
        assertThat(AuditExport.field(value)).isEqualTo(expected);
    }

    @Test
    void fieldsWithACommaAQuoteOrALineBreakAreQuoted() {
        assertThat(AuditExport.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditExport.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditExport.field("one\ntwo")).isEqualTo("\"one\ntwo\"");
        assertThat(AuditExport.field("=a,b")).isEqualTo("\"'=a,b\"");
        assertThat(AuditExport.field("")).isEmpty();
    }

    @Test
    void aCallerWhoIsNeitherApproverNorOperatorExitsFiveAndAnInvalidFilterThree() {
        api.answer("GET /api/audit", 403, "{\"title\":\"Forbidden\",\"detail\":\"Only approvers and operators\","
                + "\"reason\":\"NOT_AN_APPROVER\"}");
        assertThat(api.run("audit")).isEqualTo(EgressCli.Exit.FORBIDDEN_OR_CONFLICT);
        assertThat(api.errors()).contains("Only approvers and operators");

        api.answer("GET /api/audit", 400, "{\"title\":\"Invalid request\",\"field\":\"type\",\"reason\":\"INVALID\"}");
        assertThat(api.run("audit", "--type", "approved")).isEqualTo(EgressCli.Exit.REFUSED);
        assertThat(api.errors()).contains("field: type");
    }

    @Test
    void badOptionsAreUsageErrorsAndCallNothing(@TempDir Path dir) {
        assertThat(api.run("audit", "--format", "xml")).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.run("audit", "--output", dir.resolve("a.csv").toString())).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.run("audit", "--limit", "0")).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.run("audit", "everything")).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.seen()).isEmpty();
    }

    @Test
    void anExportToAFileThatCannotBeWrittenExitsTwoAndLeavesNothing(@TempDir Path dir) {
        api.answer("GET /api/audit", 200, PAGE);

        assertThat(api.run("audit", "--format", "csv", "--output", dir.resolve("no/such/dir/a.csv").toString()))
                .isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.errors()).contains("cannot write");
    }
}
