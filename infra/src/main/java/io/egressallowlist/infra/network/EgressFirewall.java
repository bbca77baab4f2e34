package io.egressallowlist.infra.network;

import java.util.List;
import java.util.Map;

import io.egressallowlist.infra.common.LogEncryption;
import io.egressallowlist.infra.config.NetworkSettings;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.networkfirewall.CfnFirewall;
import software.amazon.awscdk.services.networkfirewall.CfnFirewallPolicy;
import software.amazon.awscdk.services.networkfirewall.CfnLoggingConfiguration;
import software.amazon.awscdk.services.networkfirewall.CfnRuleGroup;
import software.constructs.Construct;

/**
 * The Network Firewall: the domain-list rule group the control plane governs, a strict-order policy
 * that drops every established flow the list does not pass, and alert and flow logs.
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

    private final CfnRuleGroup ruleGroup;
    private final CfnFirewall firewall;

    public EgressFirewall(Construct scope, String id, NetworkSettings settings, String vpcId,
                          List<String> firewallSubnetIds, LogEncryption logs) {
        super(scope, id);
        String prefix = Stack.of(this).getStackName();

        ruleGroup = CfnRuleGroup.Builder.create(this, "AllowList")
                .ruleGroupName(prefix + "-allowlist")
                .type("STATEFUL")
                .capacity(settings.ruleGroupCapacity())
                .description("Domains SageMaker Studio may reach. Written only by the firewall-sync function; "
                        + "the baseline below applies at creation.")
                .ruleGroup(CfnRuleGroup.RuleGroupProperty.builder()
                        // The sources the list applies to; see NetworkSettings.homeNet for each placement.
                        .ruleVariables(CfnRuleGroup.RuleVariablesProperty.builder()
                                .ipSets(Map.of("HOME_NET", CfnRuleGroup.IPSetProperty.builder()
                                        .definition(settings.homeNet())
                                        .build()))
                                .build())
                        .rulesSource(CfnRuleGroup.RulesSourceProperty.builder()
                                .rulesSourceList(CfnRuleGroup.RulesSourceListProperty.builder()
                                        .generatedRulesType("ALLOWLIST")
                                        .targetTypes(TARGET_TYPES)
                                        .targets(settings.baselineDomains())
                                        .build())
                                .build())
                        .statefulRuleOptions(CfnRuleGroup.StatefulRuleOptionsProperty.builder()
                                .ruleOrder(STRICT_ORDER)
                                .build())
                        .build())
                .build();

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
                                        .resourceArn(ruleGroup.getAttrRuleGroupArn())
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
                .deleteProtection(true)
                .firewallPolicyChangeProtection(true)
                .subnetChangeProtection(true)
                .build();

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
        return ruleGroup.getAttrRuleGroupArn();
    }

    public String ruleGroupName() {
        return ruleGroup.getRuleGroupName();
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
