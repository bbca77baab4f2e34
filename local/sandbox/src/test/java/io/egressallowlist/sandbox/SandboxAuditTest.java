package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.testbed.Testbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /audit} through the sandbox's HTTP front, as API Gateway would pass it: what a request and its approval
 * recorded, read by an approver and by a session of the operators' role; the sample data scientist refused;
 * filters and paging.
 */
class SandboxAuditTest {

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.forTests(started -> e2e = started);

    /** {@code GET /api/audit?<query>} as {@code principal}. */
    static HttpResponse<String> audit(String principal, String query) {
        return e2e.send(HttpRequest.newBuilder(e2e.url("/api/audit" + (query.isEmpty() ? "" : "?" + query)))
                .header(ApiGatewayFront.CALLER_HEADER, principal).GET());
    }

    /** Every page of {@code query}, following {@code nextToken}. */
    static List<JsonNode> all(String principal, String query) {
        List<JsonNode> items = new ArrayList<>();
        String token = null;
        for (int pages = 0; pages < 500; pages++) {
            String next = token == null ? query : query + "&nextToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
            HttpResponse<String> page = audit(principal, next);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = EndToEnd.parse(page.body());
            body.path("items").forEach(items::add);
            if (body.path("nextToken").isNull()) {
                return items;
            }
            token = body.path("nextToken").asText();
        }
        throw new AssertionError("more than 500 pages");
    }

    private static List<String> actions(List<JsonNode> items) {
        return items.stream().map(item -> item.path("action").asText()).toList();
    }

    @Test
    void anApproverAndAnOperatorReadWhatARequestAndItsApprovalRecordedAndADataScientistIsRefused() {
        String id = e2e.submit("audit-e2e.example.org");
        assertThat(e2e.click("approve", id, Testbed.APPROVER_1).exit()).isZero();
        e2e.awaitStatus(id, "ACTIVE");

        List<JsonNode> approver = all(Testbed.APPROVER_1_ARN, "requestId=" + id);
        List<JsonNode> operator = all(Testbed.OPERATOR_ARN, "requestId=" + id);

        assertThat(actions(approver)).startsWith("REQUEST_CREATED").contains("REQUEST_APPROVED");
        assertThat(approver).allSatisfy(item -> assertThat(item.path("requestId").asText()).isEqualTo(id));
        assertThat(approver.get(0).path("actor").asText()).isEqualTo(Testbed.ALICE_ARN);
        assertThat(approver.get(0).path("via").asText()).isEqualTo("API");
        // Later records of the request (its activation) may arrive between the two reads, never before them.
        assertThat(operator).extracting(item -> item.path("eventId").asText())
                .startsWith(approver.stream().map(item -> item.path("eventId").asText()).toArray(String[]::new));

        HttpResponse<String> alice = audit(Testbed.ALICE_ARN, "requestId=" + id);
        assertThat(alice.statusCode()).isEqualTo(403);
        assertThat(EndToEnd.parse(alice.body()).path("reason").asText()).isEqualTo("NOT_AN_APPROVER");
        assertThat(alice.body()).doesNotContain("REQUEST_CREATED");
    }

    @Test
    void filtersByTypeAndActorAndPagesOfOneReadWhatOnePageReads() {
        String first = e2e.submit("audit-page-1.example.org");
        String second = e2e.submit("audit-page-2.example.org");

        List<JsonNode> created = all(Testbed.APPROVER_1_ARN, "type=REQUEST_CREATED&since=PT1H");
        List<JsonNode> byOne = all(Testbed.APPROVER_1_ARN, "type=REQUEST_CREATED&since=PT1H&limit=1");
        List<JsonNode> byAlice = all(Testbed.OPERATOR_ARN, "since=PT1H&actor="
                + URLEncoder.encode(Testbed.ALICE_ARN, StandardCharsets.UTF_8));

        assertThat(actions(created)).isNotEmpty().containsOnly("REQUEST_CREATED");
        assertThat(created).extracting(item -> item.path("requestId").asText()).contains(first, second);
        assertThat(byOne).extracting(item -> item.path("eventId").asText()).doesNotHaveDuplicates()
                .containsExactlyElementsOf(created.stream().map(item -> item.path("eventId").asText()).toList());
        assertThat(byAlice).isNotEmpty().allSatisfy(item ->
                assertThat(item.path("actor").asText()).isEqualTo(Testbed.ALICE_ARN));
    }

    @Test
    void egressAuditExportsEveryPageAsJsonLinesAndAsCsvThatReadBackAsTheApiAnswered(@TempDir Path dir)
            throws Exception {
        String id = e2e.submit("audit-export.example.org");
        assertThat(e2e.click("approve", id, Testbed.APPROVER_1).exit()).isZero();
        e2e.awaitStatus(id, "ACTIVE");
        List<JsonNode> api = all(Testbed.APPROVER_1_ARN, "requestId=" + id);
        Path jsonl = dir.resolve("audit.jsonl");
        Path csv = dir.resolve("audit.csv");

        EndToEnd.Cli lines = e2e.egressAs(Testbed.APPROVER_1_ARN, "audit", "--request", id, "--format", "jsonl",
                "--output", jsonl.toString());
        EndToEnd.Cli table = e2e.egressAs(Testbed.OPERATOR_ARN, "audit", "--request", id, "--format", "csv",
                "--output", csv.toString());
        EndToEnd.Cli refused = e2e.egress("audit", "--request", id);

        assertThat(lines.exit()).as(lines.err()).isZero();
        List<JsonNode> exported = Files.readAllLines(jsonl, StandardCharsets.UTF_8).stream().map(EndToEnd::parse)
                .toList();
        assertThat(exported).startsWith(api.toArray(JsonNode[]::new));
        assertThat(table.exit()).as(table.err()).isZero();
        List<List<String>> rows = Csv.parse(Files.readString(csv, StandardCharsets.UTF_8));
        assertThat(rows.get(0)).containsExactly("at", "eventId", "actor", "action", "via", "sourceIp", "requestId",
                "version", "chainSeq", "details");
        assertThat(rows.subList(1, rows.size())).extracting(row -> row.get(1))
                .startsWith(api.stream().map(item -> item.path("eventId").asText()).toArray(String[]::new));
        assertThat(rows.get(1).get(2)).isEqualTo(Testbed.ALICE_ARN);
        assertThat(EndToEnd.parse(rows.get(1).get(9))).isEqualTo(api.get(0).path("details"));
        assertThat(refused.exit()).as("the sample data scientist is no approver").isEqualTo(5);
    }

    @Test
    void egressAuditFollowsEveryPageToTheEndAndALimitStopsEarlier() {
        for (int i = 0; i < 3; i++) {
            e2e.submit("audit-pages-" + i + ".example.org");
        }
        EndToEnd.Cli all = e2e.egressAs(Testbed.APPROVER_1_ARN, "--json", "audit", "--type", "REQUEST_CREATED");
        EndToEnd.Cli two = e2e.egressAs(Testbed.APPROVER_1_ARN, "--json", "audit", "--type", "REQUEST_CREATED",
                "--limit", "2");

        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.json().path("items").size()).isGreaterThanOrEqualTo(3);
        assertThat(two.json().path("items")).hasSize(2);
        assertThat(two.json().path("items").get(1)).isEqualTo(all.json().path("items").get(1));
    }

    @Test
    void badParametersAreA400NamingTheParameter() {
        for (String[] bad : List.of(new String[] {"limit=0", "limit"}, new String[] {"limit=501", "limit"},
                new String[] {"type=approved", "type"}, new String[] {"nextToken=forged", "nextToken"},
                new String[] {"since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "since"})) {
            HttpResponse<String> response = audit(Testbed.APPROVER_1_ARN, bad[0]);
            assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(EndToEnd.parse(response.body()).path("field").asText()).as(bad[0]).isEqualTo(bad[1]);
        }
    }

    /** RFC 4180 as a spreadsheet reads it: quoted fields with doubled quotes and line breaks, CRLF between records. */
    static final class Csv {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    i++;
                } else {
                    field.append(c);
                }
            }
            assertThat(row).as("the last record ends with CRLF").isEmpty();
            assertThat(field.toString()).isEmpty();
            return rows;
        }
    }
}
