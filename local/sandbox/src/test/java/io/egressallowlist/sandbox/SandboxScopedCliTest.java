package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.testbed.SampleScopes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code egress} CLI, in-process, against the sandbox with allow-lists per team: scopes, reads of one scope, and a
 * team's scope switched to learning and asked back to enforce, which lists what its learning recorded.
 */
class SandboxScopedCliTest {

    private static final SampleScopes.Team RISK = SampleScopes.RISK_TEAM;

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.with(LocalControlPlane.Options.forTests().withScopes(),
            started -> e2e = started);

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    @Test
    void scopesAreListedWithTheCallersOwnAndEachIsReadByName() {
        EndToEnd.Cli scopes = e2e.egressAs(RISK.userArn(), "scopes");
        EndToEnd.Cli research = e2e.egress("allowlist", "--scope", "research");
        EndToEnd.Cli unknown = e2e.egress("versions", "--scope", "nope");

        assertThat(scopes.exit()).as(scopes.err()).isZero();
        assertThat(scopes.out()).contains("risk (yours)", "research", "default", "global", "(every domain)");
        assertThat(research.exit()).as(research.err()).isZero();
        assertThat(research.out()).startsWith("scope research · enforce");
        assertThat(unknown.exit()).isEqualTo(3);
        assertThat(unknown.err()).contains("There is no scope 'nope'", "field: scope (UNKNOWN_SCOPE)");
    }

    @Test
    void aTeamLearnsThenAsksToEnforceAndSeesWhatWouldBeBlocked() {
        EndToEnd.Cli learn = e2e.egressAs(RISK.userArn(), "mode", "risk", "learn", "--justification", "map our traffic",
                "--json");
        assertThat(learn.exit()).as(learn.err()).isZero();
        String id = learn.json().path("request").path("id").asText();
        assertThat(learn.json().path("request").path("kind").asText()).isEqualTo("MODE");

        EndToEnd.Cli refused = e2e.click("approve", id, SampleScopes.RESEARCH_TEAM.approvers().get(0).slackId());
        assertThat(refused.exit()).as("another scope's approver").isEqualTo(5);
        EndToEnd.Cli approved = e2e.click("approve", id, RISK.approvers().get(0).slackId());
        assertThat(approved.exit()).as(approved.out() + approved.err()).isZero();
        EndToEnd.await("risk learning", () -> e2e.egress("allowlist", "--scope", "risk", "--json").json(),
                list -> list.path("mode").asText().equals("learn"));

        e2e.traffic(RISK.user(), "tracker.learnt.example.org", 2);

        JsonNode enforce = EndToEnd.await("what enforcing would block", () -> e2e.egressAs(RISK.userArn(), "mode",
                "risk", "enforce", "--justification", "learnt enough", "--json").json(),
                answer -> texts(answer.path("wouldBlock")).contains("tracker.learnt.example.org"));
        assertThat(enforce.path("request").path("mode").asText()).isEqualTo("enforce");
        EndToEnd.Cli printed = e2e.egressAs(RISK.userArn(), "mode", "risk", "enforce", "--justification", "again");
        assertThat(printed.out()).contains("An open request for this already exists", "switch risk to enforce",
                "Would be blocked once enforced", "tracker.learnt.example.org");
    }
}
