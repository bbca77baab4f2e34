package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.ConfigurationSyncState;
import software.amazon.awssdk.services.networkfirewall.model.EnabledAnalysisType;
import software.amazon.awssdk.services.networkfirewall.model.InvalidTokenException;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;
import software.amazon.awssdk.services.networkfirewall.model.ThrottlingException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static io.egressallowlist.emulators.networkfirewall.EmulatedNetworkFirewall.allowList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The switches as a tool outside the JVM drives them: {@code POST /_emulator/network-firewall/<action>}. */
class AdminApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final EmulatedNetworkFirewall nfw = EmulatedNetworkFirewall.start();
    private final NetworkFirewallClient client = nfw.client;

    @AfterEach
    void stop() {
        nfw.close();
    }

    @Test
    void tokenRaceActionMakesTheNextUpdateLoseToTheConcurrentWriter() throws Exception {
        String token = nfw.createAllowList("admin-race", 10, List.of("a.example"), TargetType.TLS_SNI).updateToken();

        Reply reply = post("network-firewall/token-race", """
                {"ruleGroupName": "admin-race", "times": 1, "addTargets": ["theirs.example"]}""");

        assertThat(reply.status()).isEqualTo(200);
        assertThatThrownBy(() -> client.updateRuleGroup(r -> r.ruleGroupName("admin-race").type(RuleGroupType.STATEFUL)
                .updateToken(token).ruleGroup(allowList(List.of("mine.example"), TargetType.TLS_SNI))))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(nfw.emulator.targets("admin-race")).containsExactly("a.example", "theirs.example");
    }

    @Test
    void outOfBandEditActionReplacesTheTargetsAndReturnsTheNewToken() throws Exception {
        String token = nfw.createAllowList("admin-drift", 10, List.of("a.example", "b.example"), TargetType.TLS_SNI).updateToken();

        Reply reply = post("network-firewall/edit-out-of-band", """
                {"ruleGroupName": "admin-drift", "replaceTargets": ["console.example"]}""");

        var described = client.describeRuleGroup(r -> r.ruleGroupName("admin-drift").type(RuleGroupType.STATEFUL));
        assertThat(reply.body().path("updateToken").asText()).isEqualTo(described.updateToken()).isNotEqualTo(token);
        assertThat(described.ruleGroup().rulesSource().rulesSourceList().targets()).containsExactly("console.example");
    }

    @Test
    void removeTargetsActionDropsTheNamedTargets() throws Exception {
        nfw.createAllowList("admin-remove", 10, List.of("a.example", "b.example"), TargetType.TLS_SNI);

        post("network-firewall/edit-out-of-band", """
                {"ruleGroupName": "admin-remove", "removeTargets": ["a.example"]}""");

        assertThat(nfw.emulator.targets("admin-remove")).containsExactly("b.example");
    }

    @Test
    void ruleGroupActionReadsTargetsTokenAndUpdateCount() throws Exception {
        String token = nfw.createAllowList("admin-read", 10, List.of("a.example"), TargetType.TLS_SNI).updateToken();

        JsonNode summary = post("network-firewall/rule-group", "{\"ruleGroupName\": \"admin-read\"}").body();

        assertThat(summary.path("updateToken").asText()).isEqualTo(token);
        assertThat(summary.path("successfulUpdates").asLong()).isZero();
        assertThat(summary.path("targets").get(0).asText()).isEqualTo("a.example");
        assertThat(summary.path("ruleGroupArn").asText()).isEqualTo(nfw.arn("stateful-rulegroup", "admin-read"));
    }

    @Test
    void syncDelayActionKeepsNewFirewallsPending() throws Exception {
        post("network-firewall/sync-delay", "{\"millis\": 60000}");
        String policyArn = nfw.createPolicy("admin-sync-policy");
        client.createFirewall(r -> r.firewallName("admin-sync").firewallPolicyArn(policyArn).vpcId("vpc-0abc")
                .subnetMappings(m -> m.subnetId("subnet-0abc")));

        assertThat(client.describeFirewall(r -> r.firewallName("admin-sync")).firewallStatus().configurationSyncStateSummary())
                .isEqualTo(ConfigurationSyncState.PENDING);
    }

    @Test
    void recordTrafficActionFeedsAnalysisReports() throws Exception {
        String policyArn = nfw.createPolicy("admin-traffic-policy");
        client.createFirewall(r -> r.firewallName("admin-traffic").firewallPolicyArn(policyArn).vpcId("vpc-0abc")
                .subnetMappings(m -> m.subnetId("subnet-0abc")).enabledAnalysisTypes(EnabledAnalysisType.HTTP_HOST));
        long now = EmulatedNetworkFirewall.START.getEpochSecond();

        post("network-firewall/record-traffic", """
                {"firewallName": "admin-traffic", "domain": "example.org", "protocol": "HTTP_HOST", "count": 7,
                 "firstSeen": %d, "lastSeen": %d}""".formatted(now - 3600, now));

        String reportId = client.startAnalysisReport(r -> r.firewallName("admin-traffic").analysisType(EnabledAnalysisType.HTTP_HOST))
                .analysisReportId();
        var result = client.getAnalysisReportResults(r -> r.firewallName("admin-traffic").analysisReportId(reportId))
                .analysisReportResults().get(0);
        assertThat(result.domain()).isEqualTo("example.org");
        assertThat(result.hits().count()).isEqualTo(7);
        assertThat(result.firstAccessed()).isEqualTo(EmulatedNetworkFirewall.START.minusSeconds(3600));
    }

    @Test
    void resetActionForgetsEveryResource() throws Exception {
        nfw.createAllowList("admin-reset", 10, List.of("a.example"), TargetType.TLS_SNI);

        post("network-firewall/reset", "{}");

        assertThat(client.listRuleGroups(r -> { }).ruleGroups()).isEmpty();
    }

    @Test
    void genericFaultRouteThrottlesTheService() throws Exception {
        nfw.createAllowList("admin-throttle", 10, List.of("a.example"), TargetType.TLS_SNI);

        post("faults/" + NetworkFirewallEmulator.TARGET_PREFIX, "{\"throttleNext\": 1}");

        assertThatThrownBy(() -> nfw.client(1).describeRuleGroup(r -> r.ruleGroupName("admin-throttle").type(RuleGroupType.STATEFUL)))
                .isInstanceOf(ThrottlingException.class);
    }

    @Test
    void unknownActionOrIncompleteBodyIsABadRequest() throws Exception {
        Reply unknown = post("network-firewall/explode", "{}");
        Reply incomplete = post("network-firewall/token-race", "{\"times\": 2}");
        Reply unknownRuleGroup = post("network-firewall/edit-out-of-band", "{\"ruleGroupName\": \"ghost\"}");

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("error").asText()).contains("unknown action explode");
        assertThat(incomplete.status()).isEqualTo(400);
        assertThat(incomplete.body().path("error").asText()).contains("ruleGroupName");
        assertThat(unknownRuleGroup.status()).isEqualTo(400);
        assertThat(unknownRuleGroup.body().path("error").asText()).contains("no rule group named ghost");
    }

    private record Reply(int status, JsonNode body) {
    }

    private Reply post(String route, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(nfw.server.endpoint() + "/_emulator/" + route))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }
}
