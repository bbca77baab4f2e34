package io.egressallowlist.emulators.networkfirewall;

import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.CreateFirewallRequest;
import software.amazon.awssdk.services.networkfirewall.model.EnabledAnalysisType;
import software.amazon.awssdk.services.networkfirewall.model.FirewallPolicy;
import software.amazon.awssdk.services.networkfirewall.model.GeneratedRulesType;
import software.amazon.awssdk.services.networkfirewall.model.IPSet;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroup;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;
import software.amazon.awssdk.services.networkfirewall.model.RuleOrder;
import software.amazon.awssdk.services.networkfirewall.model.StatefulRuleGroupReference;
import software.amazon.awssdk.services.networkfirewall.model.SubnetMapping;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Seeds Network Firewall through the real SDK client the way the control plane expects to find it: a stateful
 * domain-list rule group in {@code ALLOWLIST} mode, a firewall policy that references it, and a firewall that
 * runs the policy (aws-api-notes §1). Tests, the sandbox and the bench say only what differs from the defaults;
 * the policy and the firewall are made only when named.
 *
 * <pre>{@code
 * String arn = FirewallSeed.domainList("studio", 30_000, baseline)
 *         .policy("studio-egress-policy")
 *         .firewall("studio-egress-firewall", "vpc-0a1b2c3d4e5f60718", "subnet-0f1a0000000000a01")
 *         .seed(client).ruleGroupArn();
 * }</pre>
 */
public final class FirewallSeed {

    /** The allow-list's CIDR in the sample deployment, the rule group's {@code HOME_NET}. */
    public static final String SAMPLE_HOME_NET = "10.0.0.0/16";
    /** The subnets of the sample deployment's firewall endpoints, one per Availability Zone. */
    public static final List<String> SAMPLE_FIREWALL_SUBNETS =
            List.of("subnet-0f1a0000000000a01", "subnet-0f1b0000000000b02");
    /** The Network Firewall default when forwarding everything to the stateful engine. */
    private static final String FORWARD_TO_STATEFUL = "aws:forward_to_sfe";

    /** What {@link #seed} created; a part that was not asked for is null. */
    public record Seeded(String ruleGroupArn, String policyArn, String firewallArn) { }

    private final String ruleGroupName;
    private final int capacity;
    private final List<String> targets;
    private List<TargetType> targetTypes = List.of(TargetType.TLS_SNI, TargetType.HTTP_HOST);
    private String description;
    private String homeNet;
    private boolean strictOrder;
    private String policyName;
    private String firewallName;
    private String vpcId;
    private List<String> subnetIds = List.of();
    private List<EnabledAnalysisType> analysed;
    private boolean changeProtection;

    private FirewallSeed(String ruleGroupName, int capacity, Collection<String> targets) {
        this.ruleGroupName = ruleGroupName;
        this.capacity = capacity;
        this.targets = targets == null ? null : List.copyOf(targets);
    }

    /** A stateful domain-list rule group allowing {@code targets} over TLS SNI and HTTP Host. */
    public static FirewallSeed domainList(String ruleGroupName, int capacity, Collection<String> targets) {
        return new FirewallSeed(Objects.requireNonNull(ruleGroupName, "ruleGroupName"), capacity,
                Objects.requireNonNull(targets, "targets"));
    }

    /** No rule group: a policy that references none, and a firewall that runs it. */
    public static FirewallSeed withoutRuleGroup() {
        return new FirewallSeed(null, 0, null);
    }

    /** The capacity of the sample deployment's rule group: the largest a stateful group may have. */
    public static final int SAMPLE_CAPACITY = 30_000;

    /**
     * The sample deployment as the network stack builds it: strict rule order with {@code HOME_NET}, capacity
     * 30,000, and a firewall in the sample Studio VPC with one endpoint per Availability Zone that analyses
     * TLS SNI and HTTP Host traffic.
     */
    public static FirewallSeed sampleDeployment(String ruleGroupName, Collection<String> baseline, String policyName,
                                                String firewallName) {
        return domainList(ruleGroupName, SAMPLE_CAPACITY, baseline).homeNet(SAMPLE_HOME_NET).strictOrder()
                .policy(policyName)
                .firewall(firewallName, SageMakerSamples.VPC_ID, SAMPLE_FIREWALL_SUBNETS.toArray(String[]::new))
                .analysing(EnabledAnalysisType.TLS_SNI, EnabledAnalysisType.HTTP_HOST);
    }

    // ---- the rule group -------------------------------------------------------------------------------

    public FirewallSeed targetTypes(Collection<TargetType> types) {
        this.targetTypes = List.copyOf(types);
        return this;
    }

    public FirewallSeed description(String text) {
        this.description = Objects.requireNonNull(text, "text");
        return this;
    }

    /** Sets the rule group's {@code HOME_NET} IP set. */
    public FirewallSeed homeNet(String cidr) {
        this.homeNet = Objects.requireNonNull(cidr, "cidr");
        return this;
    }

    /**
     * Strict rule order on the rule group and the policy; the policy then drops and alerts on established flows
     * no rule passes and gives the rule group priority 100, as a strict-order policy must.
     */
    public FirewallSeed strictOrder() {
        this.strictOrder = true;
        return this;
    }

    // ---- the policy and the firewall ------------------------------------------------------------------

    /** A firewall policy that forwards everything to the stateful engine and references the rule group. */
    public FirewallSeed policy(String name) {
        this.policyName = Objects.requireNonNull(name, "name");
        return this;
    }

    /** A firewall in {@code vpcId} with an endpoint in each subnet, running the policy. */
    public FirewallSeed firewall(String name, String vpc, String... subnets) {
        this.firewallName = Objects.requireNonNull(name, "name");
        this.vpcId = Objects.requireNonNull(vpc, "vpc");
        this.subnetIds = List.of(subnets);
        return this;
    }

    /** The traffic analysis the firewall records (none asked for when never called). */
    public FirewallSeed analysing(EnabledAnalysisType... types) {
        this.analysed = List.of(types);
        return this;
    }

    /** Delete protection and policy change protection on the firewall, as production sets them. */
    public FirewallSeed changeProtection() {
        this.changeProtection = true;
        return this;
    }

    // ---- seeding --------------------------------------------------------------------------------------

    /**
     * Creates what was described, in dependency order.
     *
     * @throws IllegalStateException when a firewall is asked for without a policy
     */
    public Seeded seed(NetworkFirewallClient nfw) {
        if (firewallName != null && policyName == null) {
            throw new IllegalStateException("a firewall runs a policy; name one with policy(...)");
        }
        String ruleGroupArn = ruleGroupName == null ? null : createRuleGroup(nfw);
        String policyArn = policyName == null ? null : createPolicy(nfw, ruleGroupArn);
        String firewallArn = firewallName == null ? null : createFirewall(nfw, policyArn);
        return new Seeded(ruleGroupArn, policyArn, firewallArn);
    }

    private String createRuleGroup(NetworkFirewallClient nfw) {
        RuleGroup.Builder group = RuleGroup.builder().rulesSource(s -> s.rulesSourceList(l -> l.targets(targets)
                .targetTypes(targetTypes).generatedRulesType(GeneratedRulesType.ALLOWLIST)));
        if (homeNet != null) {
            group.ruleVariables(v -> v.ipSets(Map.of("HOME_NET", IPSet.builder().definition(homeNet).build())));
        }
        if (strictOrder) {
            group.statefulRuleOptions(o -> o.ruleOrder(RuleOrder.STRICT_ORDER));
        }
        return nfw.createRuleGroup(b -> b.ruleGroupName(ruleGroupName).type(RuleGroupType.STATEFUL).capacity(capacity)
                        .description(description).ruleGroup(group.build()))
                .ruleGroupResponse().ruleGroupArn();
    }

    private String createPolicy(NetworkFirewallClient nfw, String ruleGroupArn) {
        FirewallPolicy.Builder policy = FirewallPolicy.builder()
                .statelessDefaultActions(FORWARD_TO_STATEFUL).statelessFragmentDefaultActions(FORWARD_TO_STATEFUL);
        if (strictOrder) {
            policy.statefulEngineOptions(e -> e.ruleOrder(RuleOrder.STRICT_ORDER))
                    .statefulDefaultActions("aws:drop_established", "aws:alert_established");
        }
        if (ruleGroupArn != null) {
            policy.statefulRuleGroupReferences(StatefulRuleGroupReference.builder().resourceArn(ruleGroupArn)
                    .priority(strictOrder ? 100 : null).build());
        }
        return nfw.createFirewallPolicy(b -> b.firewallPolicyName(policyName).firewallPolicy(policy.build()))
                .firewallPolicyResponse().firewallPolicyArn();
    }

    private String createFirewall(NetworkFirewallClient nfw, String policyArn) {
        CreateFirewallRequest.Builder firewall = CreateFirewallRequest.builder().firewallName(firewallName)
                .firewallPolicyArn(policyArn).vpcId(vpcId)
                .subnetMappings(subnetIds.stream().map(id -> SubnetMapping.builder().subnetId(id).build()).toList());
        if (analysed != null) {
            firewall.enabledAnalysisTypes(analysed);
        }
        if (changeProtection) {
            firewall.deleteProtection(true).firewallPolicyChangeProtection(true);
        }
        return nfw.createFirewall(firewall.build()).firewall().firewallArn();
    }
}
