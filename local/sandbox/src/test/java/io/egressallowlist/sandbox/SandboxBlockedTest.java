package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.testbed.Testbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocked attempts end to end, driven from outside: a sample workload's traffic through the firewall emulator, its
 * alerts ingested from the log subscription, the attempt in {@code egress blocked} for that person and nobody else,
 * a request made from it, approved in Slack, applied by firewall-sync, and the same traffic allowed afterwards; and
 * {@code /egress blocked} in Slack, typed as a signed slash command.
 */
class SandboxBlockedTest {

    private static final String ALICE = SageMakerSamples.DATA_SCIENTIST;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.forTests(started -> e2e = started);

    /** {@code egress blocked --json} as {@code principal} (the sample user when null); its items. */
    private static List<JsonNode> blocked(String principal, String... more) {
        List<String> args = new ArrayList<>(List.of("--json", "blocked"));
        args.addAll(List.of(more));
        EndToEnd.Cli cli = principal == null ? e2e.egress(args.toArray(String[]::new))
                : e2e.egressAs(principal, args.toArray(String[]::new));
        assertThat(cli.exit()).as("egress blocked: %s", cli.err()).isZero();
        List<JsonNode> items = new ArrayList<>();
        cli.json().path("items").forEach(items::add);
        return items;
    }

    private static Optional<JsonNode> entry(List<JsonNode> items, String domain) {
        return items.stream().filter(item -> item.path("domain").asText().equals(domain)).findFirst();
    }

    @Test
    void trafficBlockedForAPersonIsTheirsToRequestAndOnceApprovedTheSameTrafficIsAllowed() {
        String domain = "weights.blocked-e2e.org";
        // Alice's notebook has called the API from its app before: blocked attempts from there are hers.
        assertThat(entry(blocked(null), domain)).isEmpty();

        JsonNode refused = e2e.traffic(ALICE, domain, 3);
        assertThat(refused.path("allowed").asBoolean()).isFalse();
        assertThat(refused.path("alerts").asInt()).isEqualTo(3);

        JsonNode mine = EndToEnd.await(domain + " in Alice's blocked list", () -> entry(blocked(null), domain),
                Optional::isPresent).orElseThrow();
        assertThat(mine.path("count").asLong()).isEqualTo(3);
        assertThat(mine.path("suggestedTarget").asText()).isEqualTo(domain);
        assertThat(mine.path("allowedNow").asBoolean()).isFalse();
        assertThat(mine.path("openRequestId").isNull()).isTrue();
        assertThat(entry(blocked(Testbed.BOB_ARN), domain)).as("Bob never sees Alice's attempts").isEmpty();
        EndToEnd.Cli everyone = e2e.egress("--json", "blocked", "--all");
        assertThat(everyone.exit()).as("Alice is no approver").isEqualTo(5);
        assertThat(everyone.out() + everyone.err()).doesNotContain(domain);
        assertThat(entry(blocked(Testbed.APPROVER_1_ARN, "--all"), domain)).hasValueSatisfying(all ->
                assertThat(all.path("people").asInt()).isEqualTo(1));

        EndToEnd.Cli requested = e2e.egress("--json", "blocked", "--request", domain, "--reason", "model weights");
        assertThat(requested.exit()).as(requested.err()).isZero();
        assertThat(requested.json().path("outcome").asText()).isEqualTo("CREATED");
        String id = requested.json().path("request").path("id").asText();
        assertThat(requested.json().path("request").path("target").asText()).isEqualTo(domain);
        assertThat(entry(blocked(null), domain).orElseThrow().path("openRequestId").asText()).isEqualTo(id);

        assertThat(e2e.click("approve", id, Testbed.APPROVER_1).exit()).isZero();
        e2e.awaitOnFirewall(domain);
        e2e.awaitStatus(id, "ACTIVE");
        JsonNode allowed = EndToEnd.await(domain + " allowed now in Alice's list", () -> entry(blocked(null), domain)
                .orElseThrow(), item -> item.path("allowedNow").asBoolean());
        assertThat(allowed.path("openRequestId").isNull()).isTrue();

        JsonNode again = e2e.traffic(ALICE, domain, 5);
        assertThat(again.path("allowed").asBoolean()).isTrue();
        assertThat(again.path("alerts").asInt()).isZero();
        assertThat(again.path("deliveries").asInt()).isZero();
        assertThat(entry(blocked(null), domain).orElseThrow().path("count").asLong()).as("no new attempt").isEqualTo(3);
    }

    /** {@code POST /_sandbox/slack/command}: {@code /egress <text>} typed by {@code user}, signed; the answer. */
    private static JsonNode slashCommand(String user, String text) {
        ObjectNode body = JSON.createObjectNode().put("user", user).put("text", text);
        HttpResponse<String> response = e2e.send(HttpRequest.newBuilder(e2e.url("/_sandbox/slack/command"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EndToEnd.parse(response.body());
    }

    @Test
    void slashCommandBlockedShowsTheCallersOwnAttemptsAndEveryonesToAnApprover() {
        String domain = "slash-e2e.example.org";
        blocked(null); // Alice's notebook calls the API from its app: what is blocked from there is hers
        e2e.traffic(ALICE, domain, 2);

        JsonNode mine = EndToEnd.await(domain + " in Alice's /egress blocked", () -> slashCommand(Testbed.ALICE_SLACK,
                "blocked"), answer -> answer.path("text").asText().contains(domain));
        assertThat(mine.path("outcome").asText()).isEqualTo("done");
        assertThat(slashCommand(Testbed.APPROVER_1, "blocked").path("text").asText()).as("not the approver's own")
                .doesNotContain(domain);
        assertThat(slashCommand(Testbed.ALICE_SLACK, "blocked all").path("outcome").asText()).isEqualTo("forbidden");
        assertThat(slashCommand(Testbed.APPROVER_1, "blocked all").path("text").asText()).contains(domain);
        assertThat(slashCommand(Testbed.ALICE_SLACK, "help").path("text").asText()).contains("/egress blocked");
    }

    @Test
    void severalHostsUnderOneNameSuggestTheWildcardAndTheTableShowsThemAsText() {
        blocked(null);
        e2e.traffic(ALICE, "cdn-lfs.wild-e2e.org", 2);
        e2e.traffic(ALICE, "xethub.wild-e2e.org", 1);
        e2e.traffic(ALICE, "<script>alert(1)</script>", 1);

        List<JsonNode> items = EndToEnd.await("both hosts in Alice's list", () -> blocked(null), list ->
                entry(list, "cdn-lfs.wild-e2e.org").isPresent() && entry(list, "xethub.wild-e2e.org").isPresent());
        assertThat(entry(items, "cdn-lfs.wild-e2e.org").orElseThrow().path("suggestedTarget").asText())
                .isEqualTo(".wild-e2e.org");
        assertThat(entry(items, "<script>alert(1)</script>")).hasValueSatisfying(item ->
                assertThat(item.path("suggestedTarget").isNull()).isTrue());

        EndToEnd.Cli table = e2e.egress("blocked");
        assertThat(table.exit()).isZero();
        assertThat(table.out()).containsPattern("cdn-lfs\\.wild-e2e\\.org +\\.wild-e2e\\.org +2 ")
                .containsPattern("<script>alert\\(1\\)</script> +\\(cannot be requested\\)");
        EndToEnd.Cli refused = e2e.egress("blocked", "--request", "<script>alert(1)</script>", "--reason", "x");
        assertThat(refused.exit()).isEqualTo(3);
        assertThat(e2e.egress("blocked", "--request", "never-blocked.example.org", "--reason", "x").exit())
                .isEqualTo(4);
    }
}
