package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.testbed.SampleScopes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's scopes walkthrough, step by step over HTTP against a sandbox with scopes: rita asks for a domain in
 * risk, an approver of research cannot decide it, an approver of risk approves it, and the firewall then passes it
 * for rita's Studio app and still drops it for ravi's, as the live rule groups read through the SDK show. Each
 * request the test makes is written in the README exactly so, so the walkthrough cannot drift from what works.
 */
class SandboxScopesWalkthroughTest {

    static final String DOMAIN = "example-risk-data.com";
    static final String RITA = SampleScopes.RISK_TEAM.userArn();
    static final String REQUEST_BODY = "{\"domain\":\"" + DOMAIN + "\",\"justification\":\"customer risk scores from"
            + " the vendor\"}";
    static final String RESEARCH_APPROVER = SampleScopes.RESEARCH_TEAM.approverIds().get(0);
    static final String RISK_APPROVER = SampleScopes.RISK_TEAM.approverIds().get(0);
    static final String VERDICT_RITA = "/_sandbox/firewall/verdict?source=rita&host=" + DOMAIN;
    static final String VERDICT_RAVI = "/_sandbox/firewall/verdict?source=ravi&host=" + DOMAIN;

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.with(LocalControlPlane.Options.forTests().withScopes(),
            started -> e2e = started);

    @Test
    void aDomainApprovedForRiskPassesForRitaAndIsStillDroppedForRavi() {
        // 1. rita asks; her Studio domain makes it a request in risk.
        HttpResponse<String> submitted = e2e.send(HttpRequest.newBuilder(e2e.url("/api/requests"))
                .header(ApiGatewayFront.CALLER_HEADER, RITA).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(REQUEST_BODY)));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        JsonNode request = EndToEnd.parse(submitted.body()).path("request");
        String id = request.path("id").asText();
        assertThat(request.path("scope").asText()).isEqualTo("risk");
        assertThat(request.path("status").asText()).isEqualTo("PENDING");

        // 2. an approver of research cannot decide it; nothing changes.
        JsonNode refused = click(id, RESEARCH_APPROVER);
        assertThat(refused.path("text").asText()).contains("not an approver of scope risk");
        assertThat(e2e.status(id)).isEqualTo("PENDING");

        // 3. an approver of risk approves it; firewall-sync writes risk's rule group.
        JsonNode approved = click(id, RISK_APPROVER);
        assertThat(approved.path("text").asText()).contains("You approved the request for `" + DOMAIN + "`");
        assertThat(e2e.awaitStatus(id, "ACTIVE").path("scope").asText()).isEqualTo("risk");

        // 4. the verdicts from the live rule groups.
        assertThat(e2e.get(VERDICT_RITA).path("verdict").asText()).isEqualTo("PASS");
        assertThat(e2e.get(VERDICT_RAVI).path("verdict").asText()).isEqualTo("DROP");

        // 5. the rule groups, read through the SDK: only risk's holds it.
        try (NetworkFirewallClient nfw = e2e.plane().aws().networkFirewallClient()) {
            assertThat(targets(nfw, SampleScopes.RISK_TEAM.ruleGroupName())).containsExactly(DOMAIN);
            assertThat(targets(nfw, SampleScopes.RESEARCH_TEAM.ruleGroupName())).isEmpty();
        }
        assertThat(EndToEnd.texts(e2e.get("/api/allowlist?scope=risk").path("targets"))).contains(DOMAIN);
        assertThat(EndToEnd.texts(e2e.get("/api/allowlist?scope=research").path("targets"))).doesNotContain(DOMAIN);
    }

    @Test
    void theReadmeWalksThroughExactlyTheseSteps() {
        String walkthrough = readmeSection("### Scopes: a domain for one team, still blocked for the other");

        assertThat(walkthrough).contains(RITA, REQUEST_BODY, "localhost:8080/api/requests",
                clickBody("<id>", RESEARCH_APPROVER), clickBody("<id>", RISK_APPROVER),
                "localhost:8080" + VERDICT_RITA, "localhost:8080" + VERDICT_RAVI,
                "--rule-group-name " + SampleScopes.RISK_TEAM.ruleGroupName(),
                "--rule-group-name " + SampleScopes.RESEARCH_TEAM.ruleGroupName());
    }

    private static JsonNode click(String requestId, String user) {
        HttpResponse<String> response = e2e.send(HttpRequest.newBuilder(e2e.url("/_sandbox/slack/click"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(clickBody(requestId, user))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EndToEnd.parse(response.body());
    }

    static String clickBody(String requestId, String user) {
        return "{\"action\":\"approve\",\"requestId\":\"" + requestId + "\",\"user\":\"" + user + "\"}";
    }

    private static List<String> targets(NetworkFirewallClient nfw, String ruleGroup) {
        return nfw.describeRuleGroup(b -> b.ruleGroupName(ruleGroup).type(RuleGroupType.STATEFUL)).ruleGroup()
                .rulesSource().rulesSourceList().targets();
    }

    /** The README's section under {@code heading}, up to the next heading of any level. */
    static String readmeSection(String heading) {
        String readme;
        try {
            readme = Files.readString(Path.of("../../README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = readme.indexOf(heading);
        assertThat(start).as("the README has the section '%s'", heading).isNotNegative();
        int end = readme.indexOf("\n##", start + heading.length());
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
