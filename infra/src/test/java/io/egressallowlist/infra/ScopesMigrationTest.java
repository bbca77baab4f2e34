package io.egressallowlist.infra;

import static io.egressallowlist.infra.Templates.properties;
import static io.egressallowlist.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.config.ScopeSettings;
import io.egressallowlist.infra.config.SubnetPlan;
import software.amazon.awscdk.assertions.Template;

/**
 * Adding 'scopes' to a deployed single list: {@code default} declared first with today's SageMaker subnets keeps its
 * rule group (same resource, same name, so the same version log), its subnets, routes and Studio domain; a new team
 * scope gets resources of its own and never the single list's group.
 */
class ScopesMigrationTest {

    private static TestStacks single;
    private static TestStacks scoped;

    @BeforeAll
    static void synth() {
        single = TestStacks.synth(2);
        List<String> today = SubnetPlan.of(NetworkSettings.DEFAULT_VPC_CIDR, 2).zones().stream()
                .map(SubnetPlan.Zone::sageMakerCidr).toList();
        // Today's subnets are the VPC's first two quarters; the new scope takes room from the third.
        scoped = TestStacks.synth(NetworkSettings.defaults(), new ScopeSettings(List.of(
                new ScopeSettings.Scope("default", Optional.of("create"), today, NetworkSettings.DEFAULT_RULE_GROUP_CAPACITY,
                        "approval-policy.txt", TestStacks.POLICY, false),
                ScopeFixtures.team("risk", "create", List.of("10.20.128.0/20", "10.20.144.0/20"), false)),
                ScopeSettings.DEFAULT_RULE_GROUP_QUOTA));
    }

    private static Map<String, Map<String, Object>> byId(Template t, String type) {
        return resources(t, type);
    }

    @Test
    void defaultKeepsTheSingleListsRuleGroupResourceAndName() {
        Map<String, Map<String, Object>> before = byId(single.network, "Custom::AllowListRuleGroup");
        Map<String, Map<String, Object>> after = byId(scoped.network, "Custom::AllowListRuleGroup");
        String id = before.keySet().iterator().next();
        assertThat(after).containsKey(id).hasSize(2);
        assertThat(properties(after.get(id))).containsEntry("RuleGroupName", "Test-Network-allowlist")
                .containsEntry("Capacity", NetworkSettings.DEFAULT_RULE_GROUP_CAPACITY);
        assertThat(after.values().stream().map(r -> properties(r).get("RuleGroupName")))
                .containsExactlyInAnyOrder("Test-Network-allowlist", "Test-Network-scope-risk");
    }

    @Test
    void defaultKeepsTodaysSubnetsRouteTablesRoutesAndStudioDomain() {
        for (String type : List.of("AWS::EC2::Subnet", "AWS::EC2::RouteTable", "AWS::EC2::Route",
                "AWS::EC2::SubnetRouteTableAssociation")) {
            Map<String, Map<String, Object>> after = byId(scoped.network, type);
            byId(single.network, type).forEach((id, resource) -> {
                assertThat(after).as(type).containsKey(id);
                assertThat(properties(after.get(id))).as(id).isEqualTo(properties(resource));
            });
        }
        assertThat(byId(scoped.studio, "AWS::SageMaker::Domain").keySet())
                .containsAll(byId(single.studio, "AWS::SageMaker::Domain").keySet()).hasSize(2);
        assertThat(byId(scoped.studio, "AWS::SSM::Parameter").values().stream()
                .map(p -> properties(p).get("Name"))).contains("/Test-Studio/domain-id");
    }
}
