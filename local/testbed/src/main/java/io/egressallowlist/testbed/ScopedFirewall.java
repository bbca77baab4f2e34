package io.egressallowlist.testbed;

import io.egressallowlist.emulators.ec2.Ec2Samples;
import io.egressallowlist.emulators.networkfirewall.FirewallSeed;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.firewall.SuricataAllowRules;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.EnabledAnalysisType;
import software.amazon.awssdk.services.networkfirewall.model.GeneratedRulesType;
import software.amazon.awssdk.services.networkfirewall.model.IPSet;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroup;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;
import software.amazon.awssdk.services.networkfirewall.model.RuleOrder;
import software.amazon.awssdk.services.networkfirewall.model.StatefulRuleGroupReference;
import software.amazon.awssdk.services.networkfirewall.model.SubnetMapping;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The firewall of a deployment with scopes, seeded through the real SDK client as the network stack builds it: one
 * stateful rule group per scope and a strict-order policy that evaluates them in a fixed order.
 * <ul>
 *   <li>{@code global} first (priority 10): Suricata {@code pass} rules only, written by the control plane's own
 *       writer ({@link SuricataAllowRules}), {@code HOME_NET} = every SageMaker subnet. What it passes is allowed for every workload; what it does not pass falls through.</li>
 *   <li>then each team scope (priority {@code 100 + 10 × i}, declaration order, {@code default} first): a domain
 *       list, {@code ALLOWLIST}, TLS SNI and HTTP Host, {@code HOME_NET} = the team's own subnets. It drops every
 *       other TLS/HTTP flow of those subnets ("for Allow, traffic of the specified protocol type that doesn't match
 *       is denied"), so it must never cover another team's subnets: under strict order its drop would win.</li>
 * </ul>
 * The policy's default actions drop and alert on established flows no rule passed, as in the single-list
 * deployment ({@link FirewallSeed#strictOrder}).
 */
public final class ScopedFirewall {

    public static final String GLOBAL_RULE_GROUP = "egress-global";
    public static final int GLOBAL_CAPACITY = 2_000;
    /** The capacity of {@code default}'s rule group beside the team scopes' (30,000 alone). */
    public static final int DEFAULT_CAPACITY = 10_000;
    public static final int GLOBAL_PRIORITY = 10;

    private ScopedFirewall() {
    }

    /**
     * Seeds the rule groups (global's and default's with {@code baseline}), the policy and the firewall; answers each scope's rule
     * group ARN in the policy's order.
     */
    public static Map<ScopeName, String> seed(NetworkFirewallClient nfw, List<String> baseline) {
        Map<ScopeName, String> arns = new LinkedHashMap<>();
        arns.put(ScopeName.GLOBAL, create(nfw, GLOBAL_RULE_GROUP, GLOBAL_CAPACITY, SampleScopes.everySageMakerCidr(),
                RuleGroup.builder().rulesSource(s -> s.rulesString(SuricataAllowRules.write(baseline, false)))));
        // default is the single list of the deployment before scopes: it keeps what it held, the baseline included.
        arns.put(ScopeName.DEFAULT, domainList(nfw, LocalAws.RULE_GROUP, DEFAULT_CAPACITY,
                List.of(Ec2Samples.SUBNET_A.cidrBlock(), Ec2Samples.SUBNET_B.cidrBlock()), baseline));
        for (SampleScopes.Team team : SampleScopes.TEAMS) {
            arns.put(team.scope(), domainList(nfw, team.ruleGroupName(), team.capacity(), team.cidrs(), List.of()));
        }
        List<StatefulRuleGroupReference> references = new ArrayList<>();
        int team = 0;
        for (Map.Entry<ScopeName, String> scope : arns.entrySet()) {
            int priority = scope.getKey().isGlobal() ? GLOBAL_PRIORITY : 100 + 10 * team++;
            references.add(StatefulRuleGroupReference.builder().resourceArn(scope.getValue()).priority(priority).build());
        }
        String policyArn = nfw.createFirewallPolicy(b -> b.firewallPolicyName(LocalAws.FIREWALL_POLICY)
                        .firewallPolicy(p -> p.statelessDefaultActions("aws:forward_to_sfe")
                                .statelessFragmentDefaultActions("aws:forward_to_sfe")
                                .statefulEngineOptions(e -> e.ruleOrder(RuleOrder.STRICT_ORDER))
                                .statefulDefaultActions("aws:drop_established", "aws:alert_established")
                                .statefulRuleGroupReferences(references)))
                .firewallPolicyResponse().firewallPolicyArn();
        nfw.createFirewall(b -> b.firewallName(LocalAws.FIREWALL).firewallPolicyArn(policyArn).vpcId(SageMakerSamples.VPC_ID)
                .subnetMappings(FirewallSeed.SAMPLE_FIREWALL_SUBNETS.stream()
                        .map(id -> SubnetMapping.builder().subnetId(id).build()).toList())
                .enabledAnalysisTypes(EnabledAnalysisType.TLS_SNI, EnabledAnalysisType.HTTP_HOST)
                .deleteProtection(true).firewallPolicyChangeProtection(true));
        return arns;
    }

    private static String domainList(NetworkFirewallClient nfw, String name, int capacity, List<String> homeNet,
                                     List<String> targets) {
        return create(nfw, name, capacity, homeNet, RuleGroup.builder().rulesSource(s -> s.rulesSourceList(l -> l
                .targets(targets).targetTypes(TargetType.TLS_SNI, TargetType.HTTP_HOST)
                .generatedRulesType(GeneratedRulesType.ALLOWLIST))));
    }

    private static String create(NetworkFirewallClient nfw, String name, int capacity, List<String> homeNet,
                                 RuleGroup.Builder group) {
        group.ruleVariables(v -> v.ipSets(Map.of("HOME_NET", IPSet.builder().definition(homeNet).build())))
                .statefulRuleOptions(o -> o.ruleOrder(RuleOrder.STRICT_ORDER));
        return nfw.createRuleGroup(b -> b.ruleGroupName(name).type(RuleGroupType.STATEFUL).capacity(capacity)
                        .description("SageMaker Studio egress allow-list (managed by the control plane)")
                        .ruleGroup(group.build()))
                .ruleGroupResponse().ruleGroupArn();
    }
}
