package io.egressallowlist.infra;

import static io.egressallowlist.infra.Templates.list;
import static io.egressallowlist.infra.Templates.map;
import static io.egressallowlist.infra.Templates.properties;
import static io.egressallowlist.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.egressallowlist.infra.config.NetworkSettings;
import software.amazon.awscdk.assertions.Template;

/**
 * CloudFormation writes the allow-list's targets only when it creates the group (firewall-sync owns them
 * afterwards), and the policy drops QUIC before the list, so clients fall back to TLS the list inspects.
 */
class FirewallRulesTest {

    private static Template firewallFirst;
    private static Template natFirst;
    private static Template biggerGroup;

    @BeforeAll
    static void synth() {
        firewallFirst = TestStacks.synth(2).network;
        natFirst = TestStacks.synth(NetworkStackTest.natFirst(2), false).network;
        biggerGroup = TestStacks.synth(NetworkSettings.defaults().withRuleGroupCapacity(6000), false).network;
    }

    @Test
    void noRuleGroupResourceOfCloudFormationCarriesTheDomainList() {
        for (Template t : List.of(firewallFirst, natFirst, biggerGroup)) {
            resources(t, "AWS::NetworkFirewall::RuleGroup").values().forEach(group -> assertThat(
                    map(map(properties(group).get("RuleGroup")).get("RulesSource"))).doesNotContainKey("RulesSourceList"));
        }
    }

    /**
     * A HOME_NET change (switching placement) and a capacity change are property changes of the same custom
     * resource, which the handler answers without touching the targets (HOME_NET only; a capacity change is
     * refused); neither is a new resource CloudFormation would create beside, or instead of, the live group.
     */
    @Test
    void homeNetAndCapacityChangesUpdateTheSameAllowListResource() {
        String id = allowListId(firewallFirst);
        assertThat(allowListId(natFirst)).isEqualTo(id);
        assertThat(allowListId(biggerGroup)).isEqualTo(id);
        assertThat(homeNet(firewallFirst)).isNotEqualTo(homeNet(natFirst));
        assertThat(properties(resources(biggerGroup, "Custom::AllowListRuleGroup").get(id))).containsEntry("Capacity", 6000);
        assertThat(properties(resources(firewallFirst, "Custom::AllowListRuleGroup").get(id)).get("ServiceToken"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of(writerFunction(firewallFirst), "Arn")));
    }

    @Test
    void theAllowListWriterMayTouchOnlyTheAllowListRuleGroup() {
        Map<String, Object> role = resources(firewallFirst, "AWS::IAM::Role").entrySet().stream()
                .filter(e -> e.getKey().startsWith("EgressFirewallAllowListWriterRole")).map(Map.Entry::getValue)
                .findFirst().orElseThrow();
        List<Map<String, Object>> statements = list(properties(role).get("Policies")).stream()
                .flatMap(p -> list(map(map(p).get("PolicyDocument")).get("Statement")).stream()).map(Templates::map)
                .filter(s -> String.valueOf(s.get("Action")).contains("network-firewall:"))
                .toList();
        assertThat(statements).singleElement().satisfies(s -> {
            assertThat(list(s.get("Action"))).containsExactlyInAnyOrder("network-firewall:CreateRuleGroup",
                    "network-firewall:DescribeRuleGroup", "network-firewall:UpdateRuleGroup",
                    "network-firewall:DeleteRuleGroup");
            assertThat(String.valueOf(s.get("Resource"))).endsWith(":stateful-rulegroup/Test-Network-allowlist]]}");
        });
    }

    @Test
    void theFirewallDropsQuicBeforeTheAllowListForTheSameSources() {
        for (Template t : List.of(firewallFirst, natFirst)) {
            Map<String, Object> guards = properties(resources(t, "AWS::NetworkFirewall::RuleGroup").values().iterator().next());
            Map<String, Object> group = map(guards.get("RuleGroup"));
            String rules = String.valueOf(map(group.get("RulesSource")).get("RulesString"));
            assertThat(rules).startsWith("drop udp $HOME_NET any -> any 443 (").contains("sid:");
            assertThat(map(group.get("StatefulRuleOptions"))).containsEntry("RuleOrder", "STRICT_ORDER");
            assertThat(group.get("RuleVariables")).isEqualTo(map(map(properties(resources(t, "Custom::AllowListRuleGroup")
                    .values().iterator().next()).get("RuleGroup"))).get("RuleVariables"));
            Map<String, Object> policy = map(properties(resources(t, "AWS::NetworkFirewall::FirewallPolicy").values()
                    .iterator().next()).get("FirewallPolicy"));
            Map<Object, Object> priorities = list(policy.get("StatefulRuleGroupReferences")).stream().map(Templates::map)
                    .collect(Collectors.toMap(r -> list(map(r.get("ResourceArn")).get("Fn::GetAtt")).get(0), r -> r.get("Priority")));
            String guardId = resources(t, "AWS::NetworkFirewall::RuleGroup").keySet().iterator().next();
            assertThat((Integer) priorities.get(guardId)).isLessThan((Integer) priorities.get(allowListId(t)));
        }
    }

    private static String allowListId(Template t) {
        Map<String, Map<String, Object>> found = resources(t, "Custom::AllowListRuleGroup");
        assertThat(found).hasSize(1);
        return found.keySet().iterator().next();
    }

    private static Object homeNet(Template t) {
        return map(properties(resources(t, "Custom::AllowListRuleGroup").values().iterator().next()).get("RuleGroup"))
                .get("RuleVariables");
    }

    private static String writerFunction(Template t) {
        return resources(t, "AWS::Lambda::Function").keySet().stream()
                .filter(id -> id.startsWith("EgressFirewallAllowListWriterFunction")).findFirst().orElseThrow();
    }
}
