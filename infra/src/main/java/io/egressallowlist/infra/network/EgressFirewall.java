package io.egressallowlist.infra.network;

import java.util.List;
import java.util.Map;

import io.egressallowlist.infra.common.CustomResourceFunction;
import io.egressallowlist.infra.common.LogEncryption;
import io.egressallowlist.infra.config.NetworkSettings;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.networkfirewall.CfnFirewall;
import software.amazon.awscdk.services.networkfirewall.CfnFirewallPolicy;
import software.amazon.awscdk.services.networkfirewall.CfnLoggingConfiguration;
import software.amazon.awscdk.services.networkfirewall.CfnRuleGroup;
import software.constructs.Construct;

/**
 * The Network Firewall: the domain-list rule group the control plane governs, a strict-order policy
 * that drops what the list cannot inspect (QUIC) and every established flow the list does not pass, and
 * alert and flow logs.
 *
 * <p>The domain-list group is a custom resource ({@code allowlist_rule_group.py}), not an
 * {@code AWS::NetworkFirewall::RuleGroup}: UpdateRuleGroup replaces the whole group, so any later update of
 * such a resource (a new {@code HOME_NET}) would write the template's baseline over the list firewall-sync
 * keeps, and a new capacity would replace the fixed-name group. The custom resource writes the targets only
 * when it creates the group, changes {@code HOME_NET} alone afterwards, and refuses a capacity change.
 */
public final class EgressFirewall extends Construct {

    /** Stateful engine: evaluate groups by priority and rules in order, then the default actions. */
    static final String STRICT_ORDER = "STRICT_ORDER";
    /**
     * {@code aws:drop_established} rather than {@code aws:drop_strict}: the TCP handshake must pass so
     * that the SNI or Host header can be seen and matched at all (aws-api-notes §1.4).
     */
    static final List<String> STATEFUL_DEFAULT_ACTIONS = List.of("aws:drop_established", "aws:alert_established");
    static final List<String> TARGET_TYPES = List.of("TLS_SNI", "HTTP_HOST");
    static final int ALLOWLIST_PRIORITY = 100;
    /** Before the allow-list: strict order evaluates rule groups by ascending priority. */
    static final int BYPASS_GUARDS_PRIORITY = 10;
    static final int BYPASS_GUARDS_CAPACITY = 10;
    static final String BYPASS_GUARD_RULES = "drop udp $HOME_NET any -> any 443 (msg:\"QUIC (UDP 443) is not "
            + "inspected by the domain allow-list: dropped so that clients fall back to TLS over TCP\"; sid:2000001; rev:1;)";

    private final CustomResource ruleGroup;
    private final String ruleGroupName;
    private final CfnFirewall firewall;

    public EgressFirewall(Construct scope, String id, NetworkSettings settings, String vpcId,
                          List<String> firewallSubnetIds, LogEncryption logs) {
        super(scope, id);
        String prefix = Stack.of(this).getStackName();

        ruleGroupName = prefix + "-allowlist";
        CustomResourceFunction writer = new CustomResourceFunction(this, "AllowListWriter", EgressFirewall.class,
                "allowlist_rule_group.py", "Creates the allow-list rule group and keeps its HOME_NET; never its targets.",
                List.of(PolicyStatement.Builder.create().sid("TheAllowListRuleGroupOnly")
                        .actions(List.of("network-firewall:CreateRuleGroup", "network-firewall:DescribeRuleGroup",
                                "network-firewall:UpdateRuleGroup", "network-firewall:DeleteRuleGroup"))
                        .resources(List.of("arn:" + Aws.PARTITION + ":network-firewall:" + Aws.REGION + ":"
                                + Aws.ACCOUNT_ID + ":stateful-rulegroup/" + ruleGroupName))
                        .build()),
                Duration.minutes(2), logs);
        // The properties have CreateRuleGroup's shape; only the creation uses the targets (allowlist_rule_group.py).
        ruleGroup = writer.resource(this, "AllowList", "Custom::AllowListRuleGroup", Map.of(
                "RuleGroupName", ruleGroupName,
                "Type", "STATEFUL",
                "Capacity", settings.ruleGroupCapacity(),
                "Description", "Domains SageMaker Studio may reach. Written only by the firewall-sync function; "
                        + "the baseline applies at creation.",
                "RuleGroup", Map.of(
                        // The sources the list applies to; see NetworkSettings.homeNet for each placement.
                        "RuleVariables", homeNet(settings),
                        "RulesSource", Map.of("RulesSourceList", Map.of(
                                "GeneratedRulesType", "ALLOWLIST",
                                "TargetTypes", TARGET_TYPES,
                                "Targets", settings.baselineDomains())),
                        "StatefulRuleOptions", Map.of("RuleOrder", STRICT_ORDER))));
        CfnRuleGroup bypassGuards = bypassGuards(prefix, settings);

        CfnFirewallPolicy policy = CfnFirewallPolicy.Builder.create(this, "Policy")
                .firewallPolicyName(prefix + "-policy")
                .description("Strict order: pass what the allow-list passes, drop and alert on every other "
                        + "established flow.")
                .firewallPolicy(CfnFirewallPolicy.FirewallPolicyProperty.builder()
                        // No stateless rules: hand every packet to the stateful engine.
                        .statelessDefaultActions(List.of("aws:forward_to_sfe"))
                        .statelessFragmentDefaultActions(List.of("aws:forward_to_sfe"))
                        .statefulEngineOptions(CfnFirewallPolicy.StatefulEngineOptionsProperty.builder()
                                .ruleOrder(STRICT_ORDER)
                                .streamExceptionPolicy("DROP")
                                .build())
                        .statefulDefaultActions(STATEFUL_DEFAULT_ACTIONS)
                        .statefulRuleGroupReferences(List.of(
                                CfnFirewallPolicy.StatefulRuleGroupReferenceProperty.builder()
                                        .resourceArn(bypassGuards.getAttrRuleGroupArn())
                                        .priority(BYPASS_GUARDS_PRIORITY)
                                        .build(),
                                CfnFirewallPolicy.StatefulRuleGroupReferenceProperty.builder()
                                        .resourceArn(ruleGroupArn())
                                        .priority(ALLOWLIST_PRIORITY)
                                        .build()))
                        .build())
                .build();

        firewall = CfnFirewall.Builder.create(this, "Firewall")
                .firewallName(prefix + "-firewall")
                .description("Inspects all internet traffic of SageMaker Studio.")
                .vpcId(vpcId)
                .firewallPolicyArn(policy.getAttrFirewallPolicyArn())
                .subnetMappings(firewallSubnetIds.stream()
                        .map(subnet -> CfnFirewall.SubnetMappingProperty.builder().subnetId(subnet).build())
                        .toList())
                // On in steady state; firewallProtection=false is the one switch for a teardown or a zone change.
                .deleteProtection(settings.firewallProtection())
                .firewallPolicyChangeProtection(settings.firewallProtection())
                .subnetChangeProtection(settings.firewallProtection())
                .build();
        rollbackGuard(logs);

        ILogGroup alerts = logs.logGroup(this, "AlertLogs", alertLogGroupName(prefix));
        ILogGroup flows = logs.logGroup(this, "FlowLogs", null);
        CfnLoggingConfiguration.Builder.create(this, "Logging")
                .firewallArn(firewall.getAttrFirewallArn())
                .loggingConfiguration(CfnLoggingConfiguration.LoggingConfigurationProperty.builder()
                        .logDestinationConfigs(List.of(destination("ALERT", alerts), destination("FLOW", flows)))
                        .build())
                .build();
    }

    /**
     * Drops what the domain list cannot judge, before the list sees it. UDP to port 443 is QUIC (HTTP/3): its
     * handshake is encrypted, so no SNI or Host reaches the list, and without this rule the policy's default
     * actions, written for TCP ({@code aws:drop_established}), are the only thing in its way. Dropping it outright
     * makes browsers and HTTP clients fall back to TLS over TCP, which the list inspects (RFC 9114 §3.1: a client
     * that cannot reach HTTP/3 uses HTTP/1.1 or HTTP/2 over TLS). Owned by CloudFormation entirely: it holds no
     * live list.
     */
    private CfnRuleGroup bypassGuards(String prefix, NetworkSettings settings) {
        return CfnRuleGroup.Builder.create(this, "BypassGuards")
                .ruleGroupName(prefix + "-bypass-guards")
                .type("STATEFUL")
                .capacity(BYPASS_GUARDS_CAPACITY)
                .description("Drops traffic the domain allow-list cannot inspect (QUIC / UDP 443).")
                .ruleGroup(CfnRuleGroup.RuleGroupProperty.builder()
                        .ruleVariables(CfnRuleGroup.RuleVariablesProperty.builder()
                                .ipSets(Map.of("HOME_NET", CfnRuleGroup.IPSetProperty.builder()
                                        .definition(settings.homeNet())
                                        .build()))
                                .build())
                        .rulesSource(CfnRuleGroup.RulesSourceProperty.builder().rulesString(BYPASS_GUARD_RULES).build())
                        .statefulRuleOptions(CfnRuleGroup.StatefulRuleOptionsProperty.builder()
                                .ruleOrder(STRICT_ORDER)
                                .build())
                        .build())
                .build();
    }

    /**
     * A first deploy that fails after the firewall exists must not end in ROLLBACK_FAILED because of delete
     * protection: this custom resource, deleted before the firewall it depends on, turns the protections off
     * when (and only when) its stack is rolling back a failed creation ({@code firewall_rollback_guard.py}).
     */
    private void rollbackGuard(LogEncryption logs) {
        CustomResourceFunction guard = new CustomResourceFunction(this, "RollbackGuard", EgressFirewall.class,
                "firewall_rollback_guard.py", "Turns the firewall's protections off when a failed first deploy rolls back.",
                List.of(PolicyStatement.Builder.create().sid("UnprotectThisFirewall")
                                .actions(List.of("network-firewall:DescribeFirewall",
                                        "network-firewall:UpdateFirewallDeleteProtection",
                                        "network-firewall:UpdateFirewallPolicyChangeProtection",
                                        "network-firewall:UpdateSubnetChangeProtection"))
                                .resources(List.of(firewall.getAttrFirewallArn()))
                                .build(),
                        PolicyStatement.Builder.create().sid("ReadThisStacksStatus")
                                .actions(List.of("cloudformation:DescribeStacks"))
                                .resources(List.of(Aws.STACK_ID))
                                .build()),
                Duration.minutes(2), logs);
        guard.resource(this, "RollbackGuardResource", "Custom::FirewallRollbackGuard",
                Map.of("FirewallArn", firewall.getAttrFirewallArn()));
    }

    private static Map<String, Object> homeNet(NetworkSettings settings) {
        return Map.of("IPSets", Map.of("HOME_NET", Map.of("Definition", settings.homeNet())));
    }

    /**
     * The ALERT log group's name, fixed rather than generated: the control-plane stack subscribes
     * alert-ingest to it by this name, so it needs no cross-stack export (an export cannot change while
     * another stack imports it).
     */
    public static String alertLogGroupName(String networkStackName) {
        return "/" + networkStackName + "/network-firewall/alert";
    }

    private static CfnLoggingConfiguration.LogDestinationConfigProperty destination(String type, ILogGroup group) {
        return CfnLoggingConfiguration.LogDestinationConfigProperty.builder()
                .logType(type)
                .logDestinationType("CloudWatchLogs")
                .logDestination(Map.of("logGroup", group.getLogGroupName()))
                .build();
    }

    public String ruleGroupArn() {
        return ruleGroup.getAttString("RuleGroupArn");
    }

    public String ruleGroupName() {
        return ruleGroupName;
    }

    public String firewallArn() {
        return firewall.getAttrFirewallArn();
    }

    public String firewallName() {
        return firewall.getFirewallName();
    }

    public CfnFirewall firewall() {
        return firewall;
    }
}
