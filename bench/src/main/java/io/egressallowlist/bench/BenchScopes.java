package io.egressallowlist.bench;

import io.egressallowlist.shared.config.ControlPlaneEnvironment;
import io.egressallowlist.shared.domain.ScopeName;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.GeneratedRulesType;
import software.amazon.awssdk.services.networkfirewall.model.IPSet;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;
import software.amazon.awssdk.services.networkfirewall.model.RuleOrder;
import software.amazon.awssdk.services.networkfirewall.model.StatefulRuleGroupReference;
import software.amazon.awssdk.services.networkfirewall.model.SubnetMapping;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deployment of the bench's own beside the testbed's: team scopes, each a domain-list rule group of its own
 * ({@code HOME_NET} a /24 of its own) seeded with its targets, referenced in strict order by a firewall policy of its
 * own (at most 20 stateful groups, AWS's limit), run by a firewall of its own; the scopes file naming them, and the
 * environment every function of that deployment gets. Without {@code scoped}, the same rule group alone is the single
 * list of a deployment before scopes ({@code RULE_GROUP_ARN}, no {@code SCOPES_FILE}).
 *
 * @param ruleGroups each scope's rule group name, in declaration order
 */
record BenchScopes(String name, Map<ScopeName, String> ruleGroups, Map<ScopeName, String> arns, String firewall,
                   Path scopesFile, int capacity) {

    /**
     * Creates the rule groups, policy and firewall named after {@code name} and writes the scopes file.
     *
     * @param targets each scope's seeded targets
     * @param types   the target types of every group ({@code TLS_SNI} alone lets 15,000 targets fit 30,000)
     */
    static BenchScopes create(NetworkFirewallClient nfw, String name, Map<ScopeName, List<String>> targets,
                              List<TargetType> types, int capacity, String policy) throws IOException {
        Map<ScopeName, String> groups = new LinkedHashMap<>();
        Map<ScopeName, String> arns = new LinkedHashMap<>();
        List<StatefulRuleGroupReference> references = new ArrayList<>();
        int index = 0;
        for (Map.Entry<ScopeName, List<String>> scope : targets.entrySet()) {
            String group = name + "-" + scope.getKey();
            int subnet = index;
            String arn = nfw.createRuleGroup(b -> b.ruleGroupName(group).type(RuleGroupType.STATEFUL).capacity(capacity)
                    .ruleGroup(g -> g.rulesSource(s -> s.rulesSourceList(l -> l.targets(scope.getValue()).targetTypes(types)
                                    .generatedRulesType(GeneratedRulesType.ALLOWLIST)))
                            .ruleVariables(v -> v.ipSets(Map.of("HOME_NET", IPSet.builder()
                                    .definition("10.1." + subnet + ".0/24").build())))
                            .statefulRuleOptions(o -> o.ruleOrder(RuleOrder.STRICT_ORDER))))
                    .ruleGroupResponse().ruleGroupArn();
            groups.put(scope.getKey(), group);
            arns.put(scope.getKey(), arn);
            references.add(StatefulRuleGroupReference.builder().resourceArn(arn).priority(100 + 10 * index++).build());
        }
        String policyArn = nfw.createFirewallPolicy(b -> b.firewallPolicyName(name + "-policy").firewallPolicy(p -> p
                        .statelessDefaultActions("aws:forward_to_sfe").statelessFragmentDefaultActions("aws:forward_to_sfe")
                        .statefulEngineOptions(e -> e.ruleOrder(RuleOrder.STRICT_ORDER))
                        .statefulDefaultActions("aws:drop_established", "aws:alert_established")
                        .statefulRuleGroupReferences(references)))
                .firewallPolicyResponse().firewallPolicyArn();
        String firewall = name + "-firewall";
        nfw.createFirewall(b -> b.firewallName(firewall).firewallPolicyArn(policyArn).vpcId("vpc-0a1b2c3d4e5f60718")
                .subnetMappings(SubnetMapping.builder().subnetId(String.format("subnet-%017x", Math.abs(name.hashCode())))
                        .build()));
        Path directory = Files.createTempDirectory("bench-scopes");
        Files.writeString(directory.resolve("team.policy"), policy, StandardCharsets.UTF_8);
        StringBuilder file = new StringBuilder();
        arns.forEach((scope, arn) -> file.append("scope ").append(scope).append('\n')
                .append("rule-group = ").append(arn).append('\n')
                .append("capacity   = ").append(capacity).append('\n')
                .append("policy     = team.policy\n\n"));
        Path scopesFile = directory.resolve("scopes.txt");
        Files.writeString(scopesFile, file.toString(), StandardCharsets.UTF_8);
        return new BenchScopes(name, groups, arns, firewall, scopesFile, capacity);
    }

    /** What every function of this deployment gets: the testbed's environment on this deployment's firewall. */
    ControlPlaneEnvironment environment(ControlPlaneEnvironment testbed, boolean scoped) {
        ControlPlaneEnvironment environment = testbed.ruleGroupArn(arns.values().iterator().next())
                .ruleGroupCapacity(capacity).firewallName(firewall);
        return scoped ? environment.scopesFile(scopesFile.toString()) : environment;
    }

    /** Removes the scopes file and its policy file. */
    void deleteFiles() throws IOException {
        ColdStart.deleteTree(scopesFile.getParent());
    }
}
