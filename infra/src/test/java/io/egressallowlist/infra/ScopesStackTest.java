package io.egressallowlist.infra;

import static io.egressallowlist.infra.Templates.getAtt;
import static io.egressallowlist.infra.Templates.list;
import static io.egressallowlist.infra.Templates.map;
import static io.egressallowlist.infra.Templates.properties;
import static io.egressallowlist.infra.Templates.ref;
import static io.egressallowlist.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.config.ScopeSettings;
import software.amazon.awscdk.assertions.Template;

/**
 * With context 'scopes': a SageMaker subnet per zone and a rule group per scope, each group's HOME_NET its scope's
 * subnets (every scope's for global), the policy's references in strict order with global first, QUIC dropped by a
 * stateless group ahead of them.
 */
class ScopesStackTest {

    private static TestStacks stacks;
    private static Template network;

    @BeforeAll
    static void synth() {
        stacks = TestStacks.synth(NetworkSettings.defaults(), ScopeFixtures.twoTeamsAndGlobal());
        network = stacks.network;
    }

    /** Rule group name → the custom resource's properties. */
    static Map<String, Map<String, Object>> ruleGroupsByName(Template t) {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        resources(t, "Custom::AllowListRuleGroup").values().forEach(r -> byName.put(
                String.valueOf(properties(r).get("RuleGroupName")), properties(r)));
        return byName;
    }

    static Object homeNet(Map<String, Object> ruleGroup) {
        return map(map(map(map(ruleGroup.get("RuleGroup")).get("RuleVariables")).get("IPSets")).get("HOME_NET"))
                .get("Definition");
    }

    static Map<String, Object> rulesSource(Map<String, Object> ruleGroup) {
        return map(map(ruleGroup.get("RuleGroup")).get("RulesSource"));
    }

    @Test
    void everyScopeHasItsOwnRuleGroupWhoseHomeNetIsItsSubnets() {
        Map<String, Map<String, Object>> groups = ruleGroupsByName(network);
        assertThat(groups.keySet()).containsExactlyInAnyOrder("Test-Network-scope-global", "Test-Network-scope-research",
                "Test-Network-scope-risk", "Test-Network-scope-partner");
        assertThat(homeNet(groups.get("Test-Network-scope-research"))).isEqualTo(ScopeFixtures.RESEARCH);
        assertThat(homeNet(groups.get("Test-Network-scope-risk"))).isEqualTo(ScopeFixtures.RISK);
        assertThat(homeNet(groups.get("Test-Network-scope-partner"))).isEqualTo(ScopeFixtures.PARTNER);
        List<String> every = Stream.of(ScopeFixtures.RESEARCH, ScopeFixtures.RISK, ScopeFixtures.PARTNER)
                .flatMap(List::stream).toList();
        assertThat(homeNet(groups.get("Test-Network-scope-global"))).isEqualTo(every);
        assertThat(groups.get("Test-Network-scope-research")).containsEntry("Capacity", 2000);
        assertThat(groups.get("Test-Network-scope-global")).containsEntry("Capacity", 1000);
        groups.values().forEach(g -> assertThat(map(map(g.get("RuleGroup")).get("StatefulRuleOptions")))
                .containsEntry("RuleOrder", "STRICT_ORDER"));
    }

    @Test
    void teamScopesAreDomainListsAndGlobalPassesTheBaselineWithPassRulesOnly() {
        Map<String, Map<String, Object>> groups = ruleGroupsByName(network);
        Map<String, Object> research = map(rulesSource(groups.get("Test-Network-scope-research")).get("RulesSourceList"));
        assertThat(research).containsEntry("GeneratedRulesType", "ALLOWLIST")
                .containsEntry("TargetTypes", List.of("TLS_SNI", "HTTP_HOST"))
                // The baseline is in global, which every workload gets.
                .containsEntry("Targets", List.of());
        String global = String.valueOf(rulesSource(groups.get("Test-Network-scope-global")).get("RulesString"));
        List<String> rules = global.lines().toList();
        assertThat(rules).hasSize(2 * NetworkSettings.DEFAULT_BASELINE.size()).allMatch(r -> r.startsWith("pass "));
        assertThat(global).contains("tls.sni; dotprefix; content:\".pypi.org\"; nocase; endswith;")
                .contains("http.host; content:\"files.pythonhosted.org\"; startswith; endswith;");
    }

    @Test
    void aScopeDeclaredLearnIsCreatedAlertingAndPassingWhatItsListLacks() {
        String risk = String.valueOf(rulesSource(ruleGroupsByName(network).get("Test-Network-scope-risk"))
                .get("RulesString"));
        List<String> rules = risk.lines().toList();
        assertThat(rules).hasSize(4);
        assertThat(rules.get(0)).startsWith("alert tls $HOME_NET").contains("msg:\"egress-allowlist learn:");
        assertThat(rules.get(1)).startsWith("pass tls $HOME_NET");
        assertThat(rules.get(2)).startsWith("alert http $HOME_NET").contains("msg:\"egress-allowlist learn:");
        assertThat(rules.get(3)).startsWith("pass http $HOME_NET");
        assertThat(rules.stream().map(r -> r.replaceAll(".*sid:(\\d+);.*", "$1")).toList())
                .containsExactly("1", "2", "3", "4");
    }

    @Test
    void thePolicyReferencesGlobalFirstThenEachTeamInDeclarationOrder() {
        Map<String, String> idToName = new LinkedHashMap<>();
        resources(network, "Custom::AllowListRuleGroup").forEach((id, r) -> idToName.put(id,
                String.valueOf(properties(r).get("RuleGroupName"))));
        Map<String, Object> policy = firewallPolicy(network);
        Map<String, Object> priorities = new LinkedHashMap<>();
        list(policy.get("StatefulRuleGroupReferences")).stream().map(Templates::map).forEach(reference ->
                priorities.put(idToName.get(String.valueOf(getAtt(reference.get("ResourceArn")).get(0))),
                        reference.get("Priority")));
        assertThat(priorities).containsExactly(
                Map.entry("Test-Network-scope-global", 10),
                Map.entry("Test-Network-scope-research", 100),
                Map.entry("Test-Network-scope-risk", 110),
                Map.entry("Test-Network-scope-partner", 120));
        assertThat(map(policy.get("StatefulEngineOptions"))).containsEntry("RuleOrder", "STRICT_ORDER");
    }

    @Test
    void quicIsDroppedByAStatelessGroupAheadOfEveryScopeSoEveryStatefulGroupIsAScope() {
        Map<String, Map<String, Object>> cfnGroups = resources(network, "AWS::NetworkFirewall::RuleGroup");
        assertThat(cfnGroups).hasSize(1);
        String guardId = cfnGroups.keySet().iterator().next();
        Map<String, Object> guard = properties(cfnGroups.get(guardId));
        assertThat(guard).containsEntry("Type", "STATELESS");
        Map<String, Object> rule = map(list(map(map(map(guard.get("RuleGroup")).get("RulesSource"))
                .get("StatelessRulesAndCustomActions")).get("StatelessRules")).get(0));
        Map<String, Object> definition = map(rule.get("RuleDefinition"));
        assertThat(definition.get("Actions")).isEqualTo(List.of("aws:drop"));
        Map<String, Object> match = map(definition.get("MatchAttributes"));
        assertThat(match.get("Protocols")).isEqualTo(List.of(17));
        assertThat(match.get("DestinationPorts")).isEqualTo(List.of(Map.of("FromPort", 443, "ToPort", 443)));
        assertThat(list(match.get("Sources")).stream().map(s -> map(s).get("AddressDefinition")).toList())
                .containsExactlyElementsOf(Stream.of(ScopeFixtures.RESEARCH, ScopeFixtures.RISK, ScopeFixtures.PARTNER)
                        .flatMap(List::stream).toList());

        Map<String, Object> policy = firewallPolicy(network);
        assertThat(list(policy.get("StatelessRuleGroupReferences"))).singleElement().satisfies(reference -> {
            assertThat(getAtt(map(reference).get("ResourceArn")).get(0)).isEqualTo(guardId);
            assertThat(map(reference).get("Priority")).isEqualTo(1);
        });
        assertThat(policy.get("StatelessDefaultActions")).isEqualTo(List.of("aws:forward_to_sfe"));
        assertThat(list(policy.get("StatefulRuleGroupReferences"))).hasSize(4);
    }

    @Test
    void everyScopeSubnetRoutesThroughItsZonesFirewallEndpointBothWays() {
        Map<String, Map<String, Object>> subnets = resources(network, "AWS::EC2::Subnet");
        Map<String, String> cidrBySubnet = new LinkedHashMap<>();
        subnets.forEach((id, s) -> cidrBySubnet.put(id, String.valueOf(properties(s).get("CidrBlock"))));
        List<String> scopeCidrs = Stream.of(ScopeFixtures.RESEARCH, ScopeFixtures.RISK, ScopeFixtures.PARTNER)
                .flatMap(List::stream).toList();
        // 2 zones: 6 scope subnets, a NAT and a firewall subnet each; no SageMaker subnet outside a scope.
        assertThat(cidrBySubnet.values()).containsAll(scopeCidrs).hasSize(scopeCidrs.size() + 4);

        Map<String, String> tableBySubnet = new LinkedHashMap<>();
        resources(network, "AWS::EC2::SubnetRouteTableAssociation").values().forEach(a -> tableBySubnet.put(
                ref(properties(a).get("SubnetId")), ref(properties(a).get("RouteTableId"))));
        List<Map<String, Object>> routes = resources(network, "AWS::EC2::Route").values().stream()
                .map(Templates::properties).toList();
        for (String subnet : cidrBySubnet.keySet()) {
            String cidr = cidrBySubnet.get(subnet);
            if (!scopeCidrs.contains(cidr)) {
                continue;
            }
            String table = tableBySubnet.get(subnet);
            assertThat(routes).as(cidr).filteredOn(r -> table.equals(ref(r.get("RouteTableId")))).singleElement()
                    .satisfies(r -> {
                        assertThat(r).containsEntry("DestinationCidrBlock", "0.0.0.0/0");
                        assertThat(r.get("VpcEndpointId")).isNotNull();
                    });
            assertThat(routes).as("return route to " + cidr)
                    .filteredOn(r -> cidr.equals(r.get("DestinationCidrBlock"))).singleElement()
                    .satisfies(r -> assertThat(r.get("VpcEndpointId")).isNotNull());
        }
    }

    @Test
    void eachScopeSharesItsSubnetsAsItsOwnParameter() {
        for (String scope : List.of("research", "risk", "partner")) {
            assertThat(resources(network, "AWS::SSM::Parameter").values().stream()
                    .map(p -> String.valueOf(properties(p).get("Name"))))
                    .as(scope).contains("/Test-Network/scopes/" + scope + "/subnet-ids");
        }
    }

    @Test
    void eachTeamScopesWorkloadsHaveTheirOwnGroupReachingOnlyEachOtherAndTheEndpoints() {
        Map<String, Map<String, Object>> groups = resources(network, "AWS::EC2::SecurityGroup");
        List<String> workloadGroups = groups.keySet().stream()
                .filter(id -> id.startsWith("ServiceEndpointsWorkloadSecurityGroup")).toList();
        assertThat(workloadGroups).hasSize(3);
        String endpointGroup = groups.keySet().stream().filter(id -> id.startsWith("ServiceEndpointsEndpointSecurityGroup"))
                .findFirst().orElseThrow();
        List<Map<String, Object>> ingress = resources(network, "AWS::EC2::SecurityGroupIngress").values().stream()
                .map(Templates::properties).toList();
        for (String group : workloadGroups) {
            // App-to-app traffic only from members of the same group: no path to another scope's apps.
            assertThat(ingress).filteredOn(i -> group.equals(getAtt(i.get("GroupId")).get(0))).singleElement()
                    .satisfies(i -> assertThat(getAtt(i.get("SourceSecurityGroupId")).get(0)).isEqualTo(group));
            assertThat(ingress).filteredOn(i -> endpointGroup.equals(getAtt(i.get("GroupId")).get(0)))
                    .anySatisfy(i -> assertThat(getAtt(i.get("SourceSecurityGroupId")).get(0)).isEqualTo(group));
        }
        for (String scope : List.of("research", "risk", "partner")) {
            assertThat(resources(network, "AWS::SSM::Parameter").values().stream()
                    .map(p -> String.valueOf(properties(p).get("Name"))))
                    .contains("/Test-Network/scopes/" + scope + "/security-group-id");
        }
        resources(stacks.studio, "AWS::SageMaker::Domain").values().stream().map(Templates::properties).forEach(d -> {
            String scope = String.valueOf(d.get("DomainName")).replaceAll(".*-", "");
            Object group = list(map(d.get("DefaultUserSettings")).get("SecurityGroups")).get(0);
            assertThat(Templates.sharedName(stacks.studio, group))
                    .isEqualTo("/Test-Network/scopes/" + scope + "/security-group-id");
        });
    }

    @Test
    void cdkNagFindsNothingUnsuppressedWithScopes() {
        assertThat(Stream.of(stacks.stacks.network(), stacks.stacks.studio(), stacks.stacks.controlPlane())
                .flatMap(NagTest::findings).toList()).isEmpty();
    }

    @Test
    void twentyScopesSynthesizeWithEveryFunctionWithinItsEnvironmentLimit() {
        TestStacks twenty = TestStacks.synth(NetworkSettings.defaults(),
                new ScopeSettings(ScopeFixtures.manyTeams(20), ScopeSettings.DEFAULT_RULE_GROUP_QUOTA));
        assertThat(list(firewallPolicy(twenty.network).get("StatefulRuleGroupReferences"))).hasSize(20);
        assertThat(resources(twenty.network, "Custom::AllowListRuleGroup")).hasSize(20);
        for (Template template : List.of(twenty.network, twenty.studio, twenty.controlPlane)) {
            resources(template, "AWS::Lambda::Function").forEach((id, function) -> {
                Object environment = properties(function).get("Environment");
                Map<?, ?> variables = environment == null ? Map.of() : map(map(environment).get("Variables"));
                assertThat(io.egressallowlist.infra.common.FunctionEnvironmentLimit.size(variables,
                        ScopesControlPlaneTest.parameterTypes(template))).as(id)
                        .isLessThanOrEqualTo(io.egressallowlist.infra.common.FunctionEnvironmentLimit.LIMIT_BYTES);
            });
        }
    }

    /**
     * A created domain's id and its subnets travel in the scopes file, not in the functions' variables (there,
     * counted at their bounds, fourteen created domains in two zones outgrew alert-ingest's 4 KB): twenty fit.
     */
    @Test
    void twentyCreatedDomainsFitTheEnvironmentAsTheirIdsAndSubnetsTravelInTheScopesFile() {
        TestStacks twenty = TestStacks.synth(NetworkSettings.defaults(), new ScopeSettings(createdDomains(20), 50));
        assertThat(resources(twenty.studio, "AWS::SageMaker::Domain")).hasSize(20);
        Map<?, ?> alertIngest = ControlPlaneStackTest.environment(ControlPlaneStackTest.function(twenty.controlPlane,
                io.egressallowlist.shared.events.FunctionNames.ALERT_INGEST));
        assertThat(io.egressallowlist.infra.common.FunctionEnvironmentLimit.size(alertIngest,
                ScopesControlPlaneTest.parameterTypes(twenty.controlPlane)))
                .isLessThanOrEqualTo(io.egressallowlist.infra.common.FunctionEnvironmentLimit.LIMIT_BYTES - 1024);
        String text = ScopesControlPlaneTest.flatten(map(properties(resources(twenty.controlPlane, "Custom::ScopesLayer")
                .values().iterator().next()).get("Files")).get("egress-allowlist/scopes.txt"));
        assertThat(text.split("studio-subnets = ", -1)).hasSize(21);
        assertThat(text.split("studio-domains = ", -1)).hasSize(21);
    }

    private static List<ScopeSettings.Scope> createdDomains(int count) {
        return ScopeFixtures.manyTeams(count).stream().map(s -> new ScopeSettings.Scope(s.name(),
                java.util.Optional.of("create"), s.subnetCidrs(), s.capacity(), s.policyFile(), s.policyText(), false))
                .toList();
    }

    static Map<String, Object> firewallPolicy(Template t) {
        return map(properties(resources(t, "AWS::NetworkFirewall::FirewallPolicy").values().iterator().next())
                .get("FirewallPolicy"));
    }

    static List<String> names(List<Object> items) {
        List<String> names = new ArrayList<>();
        items.forEach(i -> names.add(String.valueOf(i)));
        return names;
    }

    static Map<String, Object> byKey(List<Map<String, Object>> items, String key) {
        return items.stream().collect(Collectors.toMap(i -> String.valueOf(i.get(key)), i -> i));
    }
}
