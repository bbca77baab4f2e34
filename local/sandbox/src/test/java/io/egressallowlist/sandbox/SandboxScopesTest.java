package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.ec2.Ec2Samples;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.domain.RuleGroupForm;
import io.egressallowlist.shared.domain.RuleGroupGateway;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.firewall.NetworkFirewallRuleGroup;
import io.egressallowlist.shared.domain.Scopes;
import io.egressallowlist.testbed.LocalAws;
import io.egressallowlist.testbed.SampleScopes;
import io.egressallowlist.testbed.ScopedFirewall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.FirewallPolicy;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroup;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;
import software.amazon.awssdk.services.networkfirewall.model.RuleOrder;
import software.amazon.awssdk.services.networkfirewall.model.StatefulRuleGroupReference;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox with allow-lists per team: what it seeds (read back through the SDK from the emulators, and through the
 * configuration the functions build from the environment it gives them) and the firewall verdicts its route answers
 * from the live rule groups.
 */
class SandboxScopesTest {

    private static final SampleScopes.Team RISK = SampleScopes.RISK_TEAM;
    private static final SampleScopes.Team RESEARCH = SampleScopes.RESEARCH_TEAM;

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.with(LocalControlPlane.Options.forTests().withScopes(),
            started -> e2e = started);

    @Test
    void theFirewallPolicyEvaluatesGlobalFirstThenEachScopeInDeclarationOrderUnderStrictOrder() {
        try (NetworkFirewallClient nfw = e2e.plane().aws().networkFirewallClient()) {
            FirewallPolicy policy = nfw.describeFirewallPolicy(b -> b.firewallPolicyName(LocalAws.FIREWALL_POLICY))
                    .firewallPolicy();

            assertThat(policy.statefulEngineOptions().ruleOrder()).isEqualTo(RuleOrder.STRICT_ORDER);
            Map<String, Integer> priorities = policy.statefulRuleGroupReferences().stream().collect(Collectors.toMap(
                    reference -> reference.resourceArn().substring(reference.resourceArn().lastIndexOf('/') + 1),
                    StatefulRuleGroupReference::priority));
            assertThat(priorities).containsExactlyInAnyOrderEntriesOf(Map.of(ScopedFirewall.GLOBAL_RULE_GROUP, 10,
                    LocalAws.RULE_GROUP, 100, RISK.ruleGroupName(), 110, RESEARCH.ruleGroupName(), 120));
        }
    }

    @Test
    void eachTeamsRuleGroupCoversOnlyItsOwnSubnetsAndGlobalCoversEverySageMakerSubnetWithPassRules() {
        try (NetworkFirewallClient nfw = e2e.plane().aws().networkFirewallClient()) {
            assertThat(homeNet(nfw, RISK.ruleGroupName())).containsExactly("10.0.128.0/20", "10.0.144.0/20");
            assertThat(homeNet(nfw, RESEARCH.ruleGroupName())).containsExactly("10.0.160.0/20", "10.0.176.0/20");
            assertThat(homeNet(nfw, LocalAws.RULE_GROUP)).containsExactly(Ec2Samples.SUBNET_A.cidrBlock(),
                    Ec2Samples.SUBNET_B.cidrBlock());
            assertThat(homeNet(nfw, ScopedFirewall.GLOBAL_RULE_GROUP)).containsExactlyInAnyOrder("10.0.0.0/18",
                    "10.0.64.0/18", "10.0.128.0/20", "10.0.144.0/20", "10.0.160.0/20", "10.0.176.0/20");

            RuleGroup global = ruleGroup(nfw, ScopedFirewall.GLOBAL_RULE_GROUP);
            assertThat(global.rulesSource().rulesSourceList()).isNull();
            List<String> rules = global.rulesSource().rulesString().lines().toList();
            assertThat(rules).hasSize(2 * LocalAws.BASELINE.size()).allMatch(rule -> rule.startsWith("pass "));
            assertThat(rules.get(0)).contains("dotprefix; content:\".pypi.org\"; nocase; endswith");
            assertThat(ruleGroup(nfw, RISK.ruleGroupName()).rulesSource().rulesSourceList().targets()).isEmpty();
        }
    }

    @Test
    void theControlPlaneReadsGlobalsSeededRulesAsTheBaselineItWouldHaveWrittenItself() {
        try (NetworkFirewallClient nfw = e2e.plane().aws().networkFirewallClient()) {
            RuleGroupGateway.LiveRuleGroup global = new NetworkFirewallRuleGroup(nfw,
                    e2e.plane().aws().scopes().get(ScopeName.GLOBAL), RuleGroupForm.PASS_RULES).describe();

            assertThat(global.targets()).containsExactlyElementsOf(LocalAws.BASELINE);
            assertThat(global.mode()).isEqualTo(ScopeMode.ENFORCE);
            assertThat(global.capacity()).isEqualTo(ScopedFirewall.GLOBAL_CAPACITY);
        }
    }

    @Test
    void theFunctionsReadFourScopesEachTeamWithItsStudioDomainAndApprovers() {
        Scopes scopes = e2e.plane().testbed().environment(LocalControlPlane.POLICY).config().scopes();

        assertThat(scopes.names()).containsExactlyInAnyOrder(ScopeName.GLOBAL, ScopeName.DEFAULT, RISK.scope(),
                RESEARCH.scope());
        assertThat(scopes.forStudioDomain(RISK.domainId()).orElseThrow().name()).isEqualTo(RISK.scope());
        assertThat(scopes.forStudioDomain(RESEARCH.domainId()).orElseThrow().name()).isEqualTo(RESEARCH.scope());
        assertThat(scopes.forStudioDomain(SageMakerSamples.VPC_ONLY_DOMAIN_ID).orElseThrow().name())
                .isEqualTo(ScopeName.DEFAULT);
        assertThat(approvers(scopes, RISK.scope())).containsExactlyInAnyOrderElementsOf(RISK.approverIds());
        assertThat(approvers(scopes, RESEARCH.scope())).containsExactlyInAnyOrderElementsOf(RESEARCH.approverIds());
        assertThat(approvers(scopes, ScopeName.GLOBAL)).containsExactlyInAnyOrder("U0PLATFORM1", "U0PLATFORM2");
        assertThat(approvers(scopes, ScopeName.DEFAULT)).containsExactlyInAnyOrder(LocalControlPlane.APPROVER_1,
                LocalControlPlane.APPROVER_2);
        assertThat(scopes.get(RISK.scope()).ruleGroupArn()).isEqualTo(e2e.plane().aws().scopes().get(RISK.scope()));
        assertThat(scopes.get(ScopeName.DEFAULT).ruleGroupArn()).isEqualTo(e2e.plane().aws().ruleGroupArn());
    }

    @Test
    void theTeamsPeopleAreSlackUsersOfTheSandbox() {
        JsonNode state = e2e.get("/_sandbox/state");

        assertThat(state.path("users").findValuesAsText("id")).contains(LocalControlPlane.APPROVER_1,
                RISK.person().slackId(), RESEARCH.person().slackId(), "U0RISKAPPR1", "U0RSRCHAPR1", "U0PLATFORM1");
        assertThat(state.path("users").findValuesAsText("name")).contains("rita.risk", "ravi.research");
    }

    @ParameterizedTest(name = "{0} -> {1} over {2}: {3}")
    @CsvSource({
            "rita, files.pythonhosted.org, tls, PASS",
            "rita, pypi.org, http, PASS",
            "ravi, mirror.pypi.org, tls, PASS",
            "alice-data-scientist, files.pythonhosted.org, tls, PASS",
            "rita, example-risk-data.com, tls, DROP",
            "ravi, example-risk-data.com, http, DROP",
            "10.0.129.17, huggingface.co, tls, DROP",
            "alice-data-scientist, huggingface.co, tls, DROP",
    })
    void theVerdictRouteAnswersFromTheLiveRuleGroups(String source, String host, String protocol, String verdict) {
        JsonNode answer = e2e.get("/_sandbox/firewall/verdict?source=" + source + "&host=" + host + "&protocol=" + protocol);

        assertThat(answer.path("verdict").asText()).isEqualTo(verdict);
        assertThat(answer.path("host").asText()).isEqualTo(host);
        assertThat(answer.path("protocol").asText()).isEqualTo(protocol);
    }

    @Test
    void aVerdictNamesTheAddressOfTheUsersStudioApp() {
        JsonNode answer = e2e.get("/_sandbox/firewall/verdict?source=ravi&host=pypi.org");

        assertThat(answer.path("sourceIp").asText()).isEqualTo(RESEARCH.appAddress());
        assertThat(answer.path("profile").asText()).isEqualTo("ravi");
        assertThat(answer.path("protocol").asText()).isEqualTo("tls");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "source=rita&protocol=tls | 400 | 'host' is required",
            "host=pypi.org | 400 | 'source' is required",
            "source=rita&host=pypi.org&protocol=quic | 400 | 'protocol' is tls or http",
            "source=mallory&host=pypi.org | 404 | no running Studio app for profile 'mallory'",
            "source=10.0.129.999&host=pypi.org | 400 | dotted-quad IPv4",
            "source=rita&host=a%20b | 400 | printable ASCII",
    })
    void aVerdictForBadInputIsRefusedClearly(String query, int status, String message) {
        HttpResponse<String> response = e2e.send(HttpRequest.newBuilder(e2e.url("/_sandbox/firewall/verdict?" + query))
                .GET());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(EndToEnd.parse(response.body()).path("error").asText()).contains(message);
    }

    private static Set<String> approvers(Scopes scopes, ScopeName scope) {
        return scopes.get(scope).policy().approvers().users().stream().map(Object::toString).collect(Collectors.toSet());
    }

    private static RuleGroup ruleGroup(NetworkFirewallClient nfw, String name) {
        return nfw.describeRuleGroup(b -> b.ruleGroupName(name).type(RuleGroupType.STATEFUL)).ruleGroup();
    }

    private static List<String> homeNet(NetworkFirewallClient nfw, String name) {
        return ruleGroup(nfw, name).ruleVariables().ipSets().get("HOME_NET").definition();
    }
}
