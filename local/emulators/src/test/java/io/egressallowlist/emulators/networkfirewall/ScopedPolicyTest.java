package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.emulators.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.networkfirewall.model.DescribeRuleGroupResponse;
import software.amazon.awssdk.services.networkfirewall.model.FirewallPolicy;
import software.amazon.awssdk.services.networkfirewall.model.IPSet;
import software.amazon.awssdk.services.networkfirewall.model.InvalidRequestException;
import software.amazon.awssdk.services.networkfirewall.model.LimitExceededException;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroup;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;
import software.amazon.awssdk.services.networkfirewall.model.RuleOrder;
import software.amazon.awssdk.services.networkfirewall.model.StatefulRuleGroupReference;
import software.amazon.awssdk.services.networkfirewall.model.StatelessRuleGroupReference;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A firewall policy with one rule group per scope in strict order, as the network stack builds it: {@code global}'s
 * pass rules first for every workload, then each team's domain list (or its learning rules) for the team's own
 * subnets, and the QUIC guard as a stateless group.
 */
class ScopedPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIREWALL = "fw";
    private static final String RISK_HOST = "10.0.1.23";
    private static final String RESEARCH_HOST = "10.0.2.40";
    private static final String OUTSIDE = "10.9.0.7";
    private static final String LEARN = "egress-allowlist learn:";

    private final EmulatedNetworkFirewall nfw = EmulatedNetworkFirewall.start();
    private String researchArn;

    @BeforeEach
    void seed() {
        String global = stateful("egress-global", 100, rules(passRules(List.of(".pypi.org")), ""), "10.0.0.0/16");
        String risk = nfw.client.createRuleGroup(r -> r.ruleGroupName("egress-risk").type(RuleGroupType.STATEFUL)
                .capacity(100).ruleGroup(withHomeNet(EmulatedNetworkFirewall.allowList(List.of("huggingface.co"),
                        TargetType.TLS_SNI, TargetType.HTTP_HOST), "10.0.1.0/24"))).ruleGroupResponse().ruleGroupArn();
        researchArn = stateful("egress-research", 100, rules(passRules(List.of(".github.com")), learnRules(3)), "10.0.2.0/24");
        String quic = nfw.client.createRuleGroup(r -> r.ruleGroupName("egress-quic-guard").type(RuleGroupType.STATELESS)
                .capacity(10).ruleGroup(g -> g.rulesSource(s -> s.statelessRulesAndCustomActions(a -> a.statelessRules(
                        rule -> rule.priority(1).ruleDefinition(d -> d.actions("aws:drop").matchAttributes(m -> m
                                .protocols(17).destinationPorts(p -> p.fromPort(443).toPort(443)))))))))
                .ruleGroupResponse().ruleGroupArn();
        String policy = nfw.client.createFirewallPolicy(r -> r.firewallPolicyName("policy").firewallPolicy(strictPolicy(
                List.of(reference(global, 10), reference(risk, 100), reference(researchArn, 110)))
                .toBuilder().statelessRuleGroupReferences(StatelessRuleGroupReference.builder().resourceArn(quic)
                        .priority(1).build()).build())).firewallPolicyResponse().firewallPolicyArn();
        nfw.client.createFirewall(r -> r.firewallName(FIREWALL).firewallPolicyArn(policy).vpcId("vpc-0a1b2c3d")
                .subnetMappings(m -> m.subnetId("subnet-0f1a0000000000a01")));
    }

    @AfterEach
    void stop() {
        nfw.close();
    }

    @ParameterizedTest(name = "{0} -> {1} over {2}: {3}")
    @CsvSource({
            "10.0.1.23, huggingface.co, TLS, PASS",
            "10.0.1.23, HuggingFace.co, TLS, PASS",
            "10.0.1.23, github.com, TLS, DROP",
            "10.0.1.23, pypi.org, TLS, PASS",
            "10.0.1.23, files.pypi.org, HTTP, PASS",
            "10.0.1.23, badpypi.org, TLS, DROP",
            "10.0.2.40, huggingface.co, TLS, ALERT_PASS",
            "10.0.2.40, huggingface.co, HTTP, ALERT_PASS",
            "10.0.2.40, api.github.com, TLS, PASS",
            "10.0.2.40, github.com, HTTP, PASS",
            "10.0.2.40, pypi.org, TLS, PASS",
            "10.9.0.7, pypi.org, TLS, DROP",
            "10.9.0.7, huggingface.co, HTTP, DROP"})
    void eachScopeDecidesOnlyForItsOwnSubnetsAfterTheGlobalPassRules(String source, String host, Flow.Protocol protocol,
                                                                      FlowVerdict expected) {
        assertThat(nfw.emulator.verdict(FIREWALL, source, protocol, host)).isEqualTo(expected);
    }

    @Test
    void aLearningScopesTrafficPassesWithAnAlertNamingTheLearnRule() {
        TrafficVerdict verdict = nfw.emulator.sendTraffic(FIREWALL, new Flow(RESEARCH_HOST, "example.net", Flow.Protocol.TLS, 2), null);

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.alertRecords()).hasSize(2).allSatisfy(record -> {
            JsonNode alert = json(record).path("event").path("alert");
            assertThat(alert.path("signature").asText()).startsWith(LEARN);
            assertThat(alert.path("action").asText()).isEqualTo("allowed");
            assertThat(json(record).path("event").path("tls").path("sni").asText()).isEqualTo("example.net");
        });
        assertThat(nfw.emulator.sendTraffic(FIREWALL, new Flow(RESEARCH_HOST, "github.com", Flow.Protocol.TLS, 1), null)
                .alertRecords()).as("a listed name passes silently").isEmpty();
    }

    @Test
    void aBlockedTeamFlowStillAlertsAsBlockedByItsDomainList() {
        TrafficVerdict verdict = nfw.emulator.sendTraffic(FIREWALL, new Flow(RISK_HOST, "example.net", Flow.Protocol.HTTP, 1), null);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.decidedBy()).startsWith("egress-risk");
        JsonNode alert = json(verdict.alertRecords().get(0)).path("event").path("alert");
        assertThat(alert.path("signature").asText()).isEqualTo("not matching any HTTP allowlisted FQDNs");
        assertThat(alert.path("action").asText()).isEqualTo("blocked");
    }

    @Test
    void anUpdateMayTurnADomainListIntoSuricataRulesAndBackKeepingTheRestOfTheGroup() {
        DescribeRuleGroupResponse before = nfw.client.describeRuleGroup(r -> r.ruleGroupName("egress-risk").type(RuleGroupType.STATEFUL));
        RuleGroup learning = before.ruleGroup().toBuilder().rulesSource(s -> s.rulesString(
                rules(passRules(List.of("huggingface.co")), learnRules(3)))).build();
        String token = nfw.client.updateRuleGroup(r -> r.ruleGroupArn(before.ruleGroupResponse().ruleGroupArn())
                .updateToken(before.updateToken()).ruleGroup(learning)).updateToken();

        DescribeRuleGroupResponse during = nfw.client.describeRuleGroup(r -> r.ruleGroupName("egress-risk").type(RuleGroupType.STATEFUL));
        assertThat(during.ruleGroup().rulesSource().rulesSourceList()).isNull();
        assertThat(during.ruleGroup().ruleVariables()).isEqualTo(before.ruleGroup().ruleVariables());
        assertThat(during.ruleGroupResponse().consumedCapacity()).as("one unit per rule").isEqualTo(6);
        assertThat(nfw.emulator.verdict(FIREWALL, RISK_HOST, Flow.Protocol.TLS, "github.com")).isEqualTo(FlowVerdict.ALERT_PASS);

        nfw.client.updateRuleGroup(r -> r.ruleGroupArn(before.ruleGroupResponse().ruleGroupArn()).updateToken(token)
                .ruleGroup(before.ruleGroup()));
        assertThat(nfw.emulator.targets("egress-risk")).containsExactly("huggingface.co");
        assertThat(nfw.emulator.rulesString("egress-risk")).isEmpty();
        assertThat(nfw.emulator.verdict(FIREWALL, RISK_HOST, Flow.Protocol.TLS, "github.com")).isEqualTo(FlowVerdict.DROP);
    }

    @Test
    void suricataRulesOverTheCapacityAreRefusedAndChangeNothing() {
        DescribeRuleGroupResponse before = nfw.client.describeRuleGroup(r -> r.ruleGroupArn(researchArn));
        List<String> targets = IntStream.range(0, 49).mapToObj(i -> "host" + i + ".example.org").toList();
        String tooMany = rules(passRules(targets), learnRules(99));

        assertThatThrownBy(() -> nfw.client.updateRuleGroup(r -> r.ruleGroupArn(researchArn).updateToken(before.updateToken())
                .ruleGroup(before.ruleGroup().toBuilder().rulesSource(s -> s.rulesString(tooMany)).build())))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("102 capacity units");
        assertThat(nfw.client.describeRuleGroup(r -> r.ruleGroupArn(researchArn)).ruleGroup()).isEqualTo(before.ruleGroup());
        assertThatThrownBy(() -> stateful("egress-big", 101, tooMany, "10.0.3.0/24"))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void commentsAndBlankLinesTakeNoCapacity() {
        String arn = stateful("egress-commented", 4, "# global\n\n" + rules(passRules(List.of("a.example")), "") + "\n# end\n",
                "10.0.4.0/24");

        assertThat(nfw.client.describeRuleGroup(r -> r.ruleGroupArn(arn)).ruleGroupResponse().consumedCapacity()).isEqualTo(2);
    }

    @Test
    void aPolicyReferencingMoreThanTwentyStatefulGroupsIsRefused() {
        List<StatefulRuleGroupReference> references = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            references.add(reference(stateful("team-" + i, 10, rules(passRules(List.of("a.example")), ""), "10.1." + i + ".0/24"),
                    100 + 10 * i));
        }

        assertThatThrownBy(() -> nfw.client.createFirewallPolicy(r -> r.firewallPolicyName("too-many")
                .firewallPolicy(strictPolicy(references))))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("at most 20");
        nfw.client.createFirewallPolicy(r -> r.firewallPolicyName("twenty").firewallPolicy(strictPolicy(references.subList(0, 20))));
    }

    @Test
    void aVerdictRecordsNoTrafficAndTheAdminApiAnswersIt() {
        JsonNode answer = RawHttp.json(RawHttp.admin(nfw.server.endpoint(), "network-firewall/verdict",
                "{\"firewallName\": \"fw\", \"sourceIp\": \"10.0.2.40\", \"domain\": \"example.net\", \"protocol\": \"HTTP\"}"));

        assertThat(answer.path("verdict").asText()).isEqualTo("ALERT_PASS");
        assertThatThrownBy(() -> nfw.emulator.verdict("no-such-firewall", OUTSIDE, Flow.Protocol.TLS, "pypi.org"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> nfw.emulator.verdict(FIREWALL, "not-an-ip", Flow.Protocol.TLS, "pypi.org"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- the rules the control plane writes (aws-api-notes §1.4's generated pass rules, then the learning rules)

    static String passRules(List<String> targets) {
        List<String> lines = new ArrayList<>();
        int sid = 1;
        for (String target : targets) {
            lines.add("pass tls $HOME_NET any -> $EXTERNAL_NET any (ssl_state:client_hello; tls.sni; " + match(target)
                    .replace("; endswith", "; nocase; endswith") + "; msg:\"matching TLS allowlisted FQDNs\"; priority:1; "
                    + "flow:to_server, established; sid:" + sid++ + "; rev:1;)");
        }
        for (String target : targets) {
            lines.add("pass http $HOME_NET any -> $EXTERNAL_NET any (http.host; " + match(target)
                    + "; msg:\"matching HTTP allowlisted FQDNs\"; priority:1; flow:to_server, established; sid:" + sid++ + "; rev:1;)");
        }
        return String.join("\n", lines);
    }

    private static String match(String target) {
        return target.startsWith(".") ? "dotprefix; content:\"" + target + "\"; endswith"
                : "content:\"" + target + "\"; startswith; endswith";
    }

    static String learnRules(int firstSid) {
        return String.join("\n",
                "alert tls $HOME_NET any -> $EXTERNAL_NET any (msg:\"" + LEARN + " TLS\"; ssl_state:client_hello; flow:to_server, established; sid:" + firstSid + "; rev:1;)",
                "pass tls $HOME_NET any -> $EXTERNAL_NET any (msg:\"" + LEARN + " TLS passed\"; ssl_state:client_hello; flow:to_server, established; sid:" + (firstSid + 1) + "; rev:1;)",
                "alert http $HOME_NET any -> $EXTERNAL_NET any (msg:\"" + LEARN + " HTTP\"; http.header_names; content:\"|0d 0a|\"; startswith; flow:to_server, established; sid:" + (firstSid + 2) + "; rev:1;)",
                "pass http $HOME_NET any -> $EXTERNAL_NET any (msg:\"" + LEARN + " HTTP passed\"; http.header_names; content:\"|0d 0a|\"; startswith; flow:to_server, established; sid:" + (firstSid + 3) + "; rev:1;)");
    }

    private static String rules(String pass, String learn) {
        return learn.isEmpty() ? pass : pass + "\n" + learn;
    }

    private String stateful(String name, int capacity, String rulesString, String homeNet) {
        return nfw.client.createRuleGroup(r -> r.ruleGroupName(name).type(RuleGroupType.STATEFUL).capacity(capacity)
                .ruleGroup(withHomeNet(RuleGroup.builder().rulesSource(s -> s.rulesString(rulesString)).build(), homeNet)))
                .ruleGroupResponse().ruleGroupArn();
    }

    private static RuleGroup withHomeNet(RuleGroup group, String cidr) {
        return group.toBuilder().ruleVariables(v -> v.ipSets(Map.of("HOME_NET", IPSet.builder().definition(cidr).build())))
                .statefulRuleOptions(o -> o.ruleOrder(RuleOrder.STRICT_ORDER)).build();
    }

    private static StatefulRuleGroupReference reference(String arn, int priority) {
        return StatefulRuleGroupReference.builder().resourceArn(arn).priority(priority).build();
    }

    private static FirewallPolicy strictPolicy(List<StatefulRuleGroupReference> references) {
        return FirewallPolicy.builder().statelessDefaultActions("aws:forward_to_sfe")
                .statelessFragmentDefaultActions("aws:forward_to_sfe")
                .statefulEngineOptions(e -> e.ruleOrder(RuleOrder.STRICT_ORDER))
                .statefulDefaultActions("aws:drop_established", "aws:alert_established")
                .statefulRuleGroupReferences(references).build();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
