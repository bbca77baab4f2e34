package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.testbed.SampleScopes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's learning-mode workflow against a sandbox with scopes, with the CLI over HTTP as the README runs it:
 * research is switched to learn by its own approver, its traffic then passes and what its list lacks is recorded as
 * would-have-been-blocked; switching back to enforce lists those domains, is refused to another scope's approver,
 * and once research's approver approves, the same traffic is dropped again.
 */
class SandboxLearningModeTest {

    static final String HOST = "huggingface.co";
    static final String RAVI = SampleScopes.RESEARCH_TEAM.userArn();
    static final String RESEARCH_APPROVER = SampleScopes.RESEARCH_TEAM.approverIds().get(0);
    /** Everyone's blocked attempts are for approvers: the approver linked to an IAM user in the sandbox's policy. */
    /** Research's first approver's IAM user: only research's approvers see research's blocked attempts. */
    static final String APPROVER_ARN = io.egressallowlist.testbed.SampleScopes.RESEARCH_TEAM.approverArn();
    static final String RISK_APPROVER = SampleScopes.RISK_TEAM.approverIds().get(0);
    static final String VERDICT = "/_sandbox/firewall/verdict?source=ravi&host=" + HOST;
    static final String LEARN = "mode research learn --justification \"find out what research needs\"";
    static final String ENFORCE = "mode research enforce --justification \"the list is learnt\"";
    static final String BLOCKED = "blocked --scope research";

    private static final Pattern REQUEST_ID = Pattern.compile("\\b(01[0-9A-HJKMNP-TV-Z]{24})\\b");

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.with(LocalControlPlane.Options.forTests().withScopes(),
            started -> e2e = started);

    @Test
    void aLearningScopePassesAndRecordsWhatEnforcingItWouldBlock() {
        assertThat(e2e.get(VERDICT).path("verdict").asText()).isEqualTo("DROP");

        // research's approver switches it to learn.
        String learn = requestId(e2e.egressAs(RAVI, args(LEARN)));
        EndToEnd.Cli approved = e2e.click("approve", learn, RESEARCH_APPROVER);
        assertThat(approved.exit()).as(approved.err()).isZero();
        e2e.awaitStatus(learn, "ACTIVE");
        EndToEnd.await("research to learn", () -> e2e.get(VERDICT).path("verdict").asText(), "ALERT_PASS"::equals);

        // ravi's traffic passes; alert-ingest records it as would-have-been-blocked in research.
        JsonNode traffic = e2e.traffic("ravi", HOST, 1);
        assertThat(traffic.path("allowed").asBoolean()).isTrue();
        assertThat(traffic.path("alerts").asInt()).isPositive();
        EndToEnd.Cli blocked = e2e.egressAs(APPROVER_ARN, args(BLOCKED + " --json"));
        assertThat(blocked.exit()).as(blocked.err()).isZero();
        EndToEnd.Cli otherScopes = e2e.egressAs(io.egressallowlist.testbed.Testbed.APPROVER_1_ARN,
                args(BLOCKED + " --json"));
        assertThat(otherScopes.exit()).as("default's approver reading research's attempts").isNotZero();
        assertThat(otherScopes.err()).contains("only approvers of research see its blocked attempts");
        JsonNode attempt = attemptOf(blocked.json(), HOST);
        assertThat(attempt.path("learning").asBoolean()).isTrue();
        assertThat(attempt.path("scope").asText()).isEqualTo("research");

        // ravi's own list (his app called the API before its traffic) shows it too.
        EndToEnd.Cli his = e2e.egressAs(RAVI, "blocked", "--json");
        assertThat(his.exit()).as(his.err()).isZero();
        assertThat(attemptOf(his.json(), HOST).path("learning").asBoolean()).isTrue();

        // switching back lists what it would block, and needs research's approvers.
        EndToEnd.Cli enforce = e2e.egressAs(RAVI, args(ENFORCE));
        assertThat(enforce.exit()).as(enforce.err()).isZero();
        assertThat(enforce.out()).contains(HOST);
        String back = requestId(enforce);
        EndToEnd.Cli refused = e2e.click("approve", back, RISK_APPROVER);
        assertThat(refused.out() + refused.err()).contains("not an approver of scope research");
        assertThat(e2e.status(back)).isEqualTo("PENDING");
        assertThat(e2e.get(VERDICT).path("verdict").asText()).isEqualTo("ALERT_PASS");

        assertThat(e2e.click("approve", back, RESEARCH_APPROVER).exit()).isZero();
        e2e.awaitStatus(back, "ACTIVE");
        EndToEnd.await("research to enforce", () -> e2e.get(VERDICT).path("verdict").asText(), "DROP"::equals);
    }

    @Test
    void theReadmeWalksThroughExactlyTheseSteps() {
        String walkthrough = SandboxScopesWalkthroughTest.readmeSection("### Scopes: learning mode");

        assertThat(walkthrough).contains(RAVI, LEARN, ENFORCE, BLOCKED, APPROVER_ARN,
                "approve <id> --as " + RESEARCH_APPROVER, "approve <id> --as " + RISK_APPROVER,
                "localhost:8080" + VERDICT, "{\"profile\":\"ravi\",\"domain\":\"" + HOST + "\"}");
    }

    /** The words of a README command line: quoted text is one argument. */
    private static String[] args(String line) {
        java.util.List<String> words = new java.util.ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1) : word.group(2));
        }
        return words.toArray(String[]::new);
    }

    private static String requestId(EndToEnd.Cli made) {
        assertThat(made.exit()).as(made.err()).isZero();
        Matcher id = REQUEST_ID.matcher(made.out());
        assertThat(id.find()).as("a request id in: %s", made.out()).isTrue();
        return id.group(1);
    }

    private static JsonNode attemptOf(JsonNode blocked, String host) {
        for (JsonNode item : blocked.path("items")) {
            if (item.path("host").asText().equals(host) || item.path("domain").asText().equals(host)) {
                return item;
            }
        }
        throw new AssertionError("no attempt for " + host + " in " + blocked);
    }
}
