package io.egressallowlist.infra;

import static io.egressallowlist.infra.Templates.list;
import static io.egressallowlist.infra.Templates.map;
import static io.egressallowlist.infra.Templates.properties;
import static io.egressallowlist.infra.Templates.resources;
import static io.egressallowlist.infra.Templates.sharedName;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.shared.events.FunctionNames;
import software.amazon.awscdk.assertions.Template;

/**
 * The stacks hand values to each other through SSM parameters, never exports: CloudFormation refuses to change
 * an export another stack imports, so renaming the Studio domain (a new domain id) or removing a zone (a
 * subnet id leaves the list) would fail with "export … in use".
 */
class StackLinksTest {

    private static TestStacks twoZones;
    private static TestStacks threeZones;
    private static TestStacks natFirst;

    @BeforeAll
    static void synth() {
        twoZones = TestStacks.synth(2);
        threeZones = TestStacks.synth(NetworkSettings.defaults().withZoneCount(3), false);
        natFirst = TestStacks.synth(NetworkStackTest.natFirst(2), false);
    }

    @Test
    void noTemplateImportsOrExportsAnything() {
        for (TestStacks stacks : List.of(twoZones, threeZones, natFirst)) {
            for (Template t : List.of(stacks.network, stacks.studio, stacks.controlPlane)) {
                assertThat(keysNamed(t.toJSON(), "Fn::ImportValue")).isEmpty();
                assertThat(t.findOutputs("*").values()).allSatisfy(output -> assertThat(output).doesNotContainKey("Export"));
            }
        }
    }

    @Test
    void theNetworkPublishesWhatTheOtherStacksReadAsParameters() {
        assertThat(published(twoZones.network)).containsExactlyInAnyOrder("/Test-Network/vpc-id",
                "/Test-Network/sagemaker-subnet-ids", "/Test-Network/workload-security-group-id",
                "/Test-Network/execute-api-endpoint-id", "/Test-Network/rule-group-arn", "/Test-Network/firewall-arn",
                "/Test-Network/firewall-endpoint-ids");
        assertThat(published(twoZones.studio)).containsExactlyInAnyOrder("/Test-Studio/domain-id",
                "/Test-Studio/execution-role-name");
        Map<String, Object> subnets = resources(twoZones.network, "AWS::SSM::Parameter").values().stream()
                .map(Templates::properties).filter(p -> "/Test-Network/sagemaker-subnet-ids".equals(p.get("Name")))
                .findFirst().orElseThrow();
        assertThat(subnets).containsEntry("Type", "StringList");
    }

    @Test
    void theControlPlaneReadsTheStudioDomainAndTheRuleGroupFromParameters() {
        Map<String, Object> guard = ControlPlaneStackTest.environment(ControlPlaneStackTest.function(twoZones.controlPlane, FunctionNames.STUDIO_GUARD));
        assertThat(String.valueOf(guard.get(EnvKey.STUDIO_DOMAIN_IDS.name()))).contains(
                Templates.sharedParameterId(twoZones.controlPlane, "/Test-Studio/domain-id"));
        Map<String, Object> sync = ControlPlaneStackTest.environment(ControlPlaneStackTest.function(twoZones.controlPlane, FunctionNames.FIREWALL_SYNC));
        assertThat(sharedName(twoZones.controlPlane, sync.get(EnvKey.RULE_GROUP_ARN.name())))
                .isEqualTo("/Test-Network/rule-group-arn");
    }

    @Test
    void theGuardChecksTheVpcAgainstThePlacementOfItsNetwork() {
        for (TestStacks stacks : List.of(twoZones, natFirst)) {
            Map<String, Object> guard = ControlPlaneStackTest.environment(
                    ControlPlaneStackTest.function(stacks.controlPlane, FunctionNames.STUDIO_GUARD));
            assertThat(guard).containsEntry(EnvKey.FIREWALL_PLACEMENT.name(),
                    stacks == natFirst ? "nat-first" : "firewall-first");
        }
        Map<String, Object> endpoints = resources(twoZones.network, "AWS::SSM::Parameter").values().stream()
                .map(Templates::properties).filter(p -> "/Test-Network/firewall-endpoint-ids".equals(p.get("Name")))
                .findFirst().orElseThrow();
        assertThat(endpoints).containsEntry("Type", "StringList");
        assertThat(String.valueOf(endpoints.get("Value"))).contains("FirewallEndpointLookup");
    }

    @Test
    void aZoneMoreOrLessChangesOnlyHowManyElementsOfTheSubnetParameterTheStudioDomainUses() {
        assertThat(domainSubnets(twoZones)).containsExactly("/Test-Network/sagemaker-subnet-ids[0]",
                "/Test-Network/sagemaker-subnet-ids[1]");
        assertThat(domainSubnets(threeZones)).containsExactly("/Test-Network/sagemaker-subnet-ids[0]",
                "/Test-Network/sagemaker-subnet-ids[1]", "/Test-Network/sagemaker-subnet-ids[2]");
    }

    @Test
    void stacksDeployInOrderWithoutReferencingEachOther() {
        assertThat(twoZones.stacks.studio().getDependencies()).containsExactly(twoZones.stacks.network());
        assertThat(twoZones.stacks.controlPlane().getDependencies())
                .containsExactlyInAnyOrder(twoZones.stacks.network(), twoZones.stacks.studio());
        assertThat(twoZones.stacks.network().getDependencies()).isEmpty();
    }

    /**
     * A deployed app moves in three deploys: the network with {@code keepMigrationExports=true} (parameters
     * written, the old exports kept), Studio and the control plane (reading the parameters), the network again
     * (exports gone). Step one must keep exactly the exports, names and values, of the earlier version.
     */
    @Test
    void duringTheMoveTheProducersKeepTheExportsOfTheEarlierVersion() {
        TestStacks moving = TestStacks.synth(NetworkSettings.defaults(), false, Map.of("keepMigrationExports", "true"));
        assertThat(exports(moving.network)).containsOnly(
                Map.entry("Test-Network:ExportsOutputRefNetworkVpcFAC8F4A562AF04DB", Map.of("Ref", "NetworkVpcFAC8F4A5")),
                Map.entry("Test-Network:ExportsOutputRefNetworkSageMakerSubnet118DA5EFBC8F64C72",
                        Map.of("Ref", "NetworkSageMakerSubnet118DA5EFB")),
                Map.entry("Test-Network:ExportsOutputRefNetworkSageMakerSubnet2DBC222F119910420",
                        Map.of("Ref", "NetworkSageMakerSubnet2DBC222F1")),
                Map.entry("Test-Network:ExportsOutputFnGetAttServiceEndpointsWorkloadSecurityGroupF008CC56GroupId8CB7A0E2",
                        Map.of("Fn::GetAtt", List.of("ServiceEndpointsWorkloadSecurityGroupF008CC56", "GroupId"))),
                Map.entry("Test-Network:ExportsOutputRefServiceEndpointsExecuteApiEndpoint3C89596CBB241930",
                        Map.of("Ref", "ServiceEndpointsExecuteApiEndpoint3C89596C")),
                Map.entry("Test-Network:ExportsOutputFnGetAttEgressFirewallF3D343A0FirewallArn29D806CD",
                        Map.of("Fn::GetAtt", List.of("EgressFirewallF3D343A0", "FirewallArn"))),
                Map.entry("Test-Network:ExportsOutputFnGetAttEgressFirewallAllowList5655D2CFRuleGroupArn910B131F",
                        moving.network.toJSON().get("Outputs") == null ? null
                                : map(map(map(moving.network.toJSON().get("Outputs")).get(
                                        "ExportsOutputFnGetAttEgressFirewallAllowList5655D2CFRuleGroupArn910B131F")).get("Value"))));
        assertThat(String.valueOf(exports(moving.network).get(
                "Test-Network:ExportsOutputFnGetAttEgressFirewallAllowList5655D2CFRuleGroupArn910B131F"))).contains("RuleGroupArn");
        assertThat(exports(moving.studio)).containsOnly(
                Map.entry("Test-Studio:ExportsOutputFnGetAttDomainDomainId58848FF8",
                        Map.of("Fn::GetAtt", List.of("Domain", "DomainId"))),
                Map.entry("Test-Studio:ExportsOutputRefExecutionRoleCDF7486234F30188", Map.of("Ref", "ExecutionRoleCDF74862")));
        assertThat(exports(moving.controlPlane)).isEmpty();
    }

    private static Map<String, Object> exports(Template t) {
        Map<String, Object> found = new java.util.LinkedHashMap<>();
        t.findOutputs("*").values().stream().filter(o -> o.containsKey("Export"))
                .forEach(o -> found.put(String.valueOf(map(o.get("Export")).get("Name")), o.get("Value")));
        return found;
    }

    private static List<String> domainSubnets(TestStacks stacks) {
        Map<String, Object> domain = properties(resources(stacks.studio, "AWS::SageMaker::Domain").values().iterator().next());
        return list(domain.get("SubnetIds")).stream().map(s -> sharedName(stacks.studio, s)).toList();
    }

    private static List<String> published(Template t) {
        return resources(t, "AWS::SSM::Parameter").values().stream().map(r -> String.valueOf(properties(r).get("Name"))).toList();
    }

    private static List<Object> keysNamed(Object node, String key) {
        List<Object> found = new ArrayList<>();
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (key.equals(k)) {
                    found.add(v);
                }
                found.addAll(keysNamed(v, key));
            });
        } else if (node instanceof List<?> l) {
            l.forEach(item -> found.addAll(keysNamed(item, key)));
        }
        return found;
    }
}
