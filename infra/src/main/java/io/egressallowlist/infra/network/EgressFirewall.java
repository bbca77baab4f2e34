package io.egressallowlist.infra.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.egressallowlist.infra.common.CustomResourceFunction;
import io.egressallowlist.infra.common.LogEncryption;
import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.config.ScopeLayout;
import io.egressallowlist.infra.config.ScopeSettings;
import io.egressallowlist.shared.firewall.SuricataAllowRules;
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
 *
 * <p>With context {@code scopes}, one such group per scope ({@link ScopeLayout}): a team scope's domain list (or its
 * learning form) for its own subnets, {@code global}'s pass rules for every scope's subnets, and the QUIC guard as a
 * stateless group, so that the at most 20 stateful groups of the policy are all scopes.
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
    static final int UDP = 17;
    static final String BYPASS_GUARD_RULES = "drop udp $HOME_NET any -> any 443 (msg:\"QUIC (UDP 443) is not "
            + "inspected by the domain allow-list: dropped so that clients fall back to TLS over TCP\"; sid:2000001; rev:1;)";

    /** The stateless QUIC guard (with scopes): ahead of every stateful group, so all of those can be scopes. */
    static final int QUIC_GUARD_PRIORITY = 1;
    /**
     * Fixed at creation like every group's: a stateless rule costs the product of its match settings, here one unit
     * per source (Network Firewall, "Rule group capacity": stateless), so 100 covers 20 scopes in 3 zones.
     */
    static final int QUIC_GUARD_CAPACITY = 100;
    static final int GLOBAL_PRIORITY = 10;
    static final int SCOPE_PRIORITY_STEP = 10;

    private final Map<String, CustomResource> ruleGroups = new LinkedHashMap<>();
    private final Map<String, String> ruleGroupNames = new LinkedHashMap<>();
    private final String primaryScope;
    private final CfnFirewall firewall;

    public EgressFirewall(Construct scope, String id, NetworkSettings settings, String vpcId,
                          List<String> firewallSubnetIds, LogEncryption logs) {
        this(scope, id, settings, Optional.empty(), vpcId, firewallSubnetIds, logs);
    }

    /** @param scopes the declared scopes, each with its own rule group; empty: the single list */
    public EgressFirewall(Construct scope, String id, NetworkSettings settings, Optional<ScopeLayout> scopes,
                          String vpcId, List<String> firewallSubnetIds, LogEncryption logs) {
        super(scope, id);
        String prefix = Stack.of(this).getStackName();
        List<ScopeSettings.Scope> declared = scopes.map(layout -> layout.settings().scopes()).orElse(List.of());
        primaryScope = scopes.map(layout -> layout.settings().primary().name()).orElse(ScopeSettings.DEFAULT);
        if (declared.isEmpty()) {
            ruleGroupNames.put(ScopeSettings.DEFAULT, prefix + "-allowlist");
        }
        declared.forEach(s -> ruleGroupNames.put(s.name(), ruleGroupName(prefix, s)));
        CustomResourceFunction writer = new CustomResourceFunction(this, "AllowListWriter", EgressFirewall.class,
                "allowlist_rule_group.py", "Creates the allow-list rule group and keeps its HOME_NET; never its targets.",
                List.of(PolicyStatement.Builder.create().sid("TheAllowListRuleGroupOnly")
                        .actions(List.of("network-firewall:CreateRuleGroup", "network-firewall:DescribeRuleGroup",
                                "network-firewall:UpdateRuleGroup", "network-firewall:DeleteRuleGroup"))
                        .resources(ruleGroupNames.values().stream().map(EgressFirewall::statefulRuleGroupArn).toList())
                        .build()),
                Duration.minutes(2), logs);
        if (declared.isEmpty()) {
            // The properties have CreateRuleGroup's shape; only the creation uses the targets (allowlist_rule_group.py).
            ruleGroups.put(ScopeSettings.DEFAULT, writer.resource(this, "AllowList", "Custom::AllowListRuleGroup",
                    ruleGroupProperties(ruleGroupNames.get(ScopeSettings.DEFAULT), settings.ruleGroupCapacity(),
                            // The sources the list applies to; see NetworkSettings.homeNet for each placement.
                            settings.homeNet(), domainList(settings.baselineDomains()))));
        }
        declared.forEach(s -> ruleGroups.put(s.name(), writer.resource(this, resourceId(s), "Custom::AllowListRuleGroup",
                ruleGroupProperties(ruleGroupNames.get(s.name()), s.capacity(), scopes.get().homeNet(s),
                        rulesSource(s, scopes.get().baselineOf(s))))));

        CfnFirewallPolicy policy = CfnFirewallPolicy.Builder.create(this, "Policy")
                .firewallPolicyName(prefix + "-policy")
                .description("Strict order: pass what the allow-list passes, drop and alert on every other "
                        + "established flow.")
                .firewallPolicy(scopes.isEmpty() ? singleListPolicy(bypassGuards(prefix, settings))
                        : scopesPolicy(scopes.get(), quicGuard(prefix, scopes.get())))
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

    /** Today's policy: the QUIC guard, then the one list. */
    private CfnFirewallPolicy.FirewallPolicyProperty singleListPolicy(CfnRuleGroup bypassGuards) {
        return policyWith(List.of(), List.of(
                CfnFirewallPolicy.StatefulRuleGroupReferenceProperty.builder()
                        .resourceArn(bypassGuards.getAttrRuleGroupArn())
                        .priority(BYPASS_GUARDS_PRIORITY)
                        .build(),
                CfnFirewallPolicy.StatefulRuleGroupReferenceProperty.builder()
                        .resourceArn(ruleGroupArn())
                        .priority(ALLOWLIST_PRIORITY)
                        .build()));
    }

    /**
     * With scopes: the stateless QUIC guard first; then, under strict order, {@code global} (priority
     * {@value #GLOBAL_PRIORITY}), whose pass rules decide first, and each team scope's group at 100 + 10 × i in
     * declaration order. Team groups cover disjoint sources, so their order decides nothing between them; what
     * {@code global} does not pass falls through to the team's group (DESIGN: an ALLOWLIST group drops what it does
     * not match, so two of them for one source could not add up).
     */
    private CfnFirewallPolicy.FirewallPolicyProperty scopesPolicy(ScopeLayout scopes, CfnRuleGroup quicGuard) {
        List<CfnFirewallPolicy.StatefulRuleGroupReferenceProperty> references = new ArrayList<>();
        scopes.settings().global().ifPresent(global -> references.add(reference(global.name(), GLOBAL_PRIORITY)));
        List<ScopeSettings.Scope> teams = scopes.settings().teamScopes();
        for (int i = 0; i < teams.size(); i++) {
            references.add(reference(teams.get(i).name(), ALLOWLIST_PRIORITY + SCOPE_PRIORITY_STEP * i));
        }
        return policyWith(List.of(CfnFirewallPolicy.StatelessRuleGroupReferenceProperty.builder()
                .resourceArn(quicGuard.getAttrRuleGroupArn())
                .priority(QUIC_GUARD_PRIORITY)
                .build()), references);
    }

    private CfnFirewallPolicy.StatefulRuleGroupReferenceProperty reference(String scope, int priority) {
        return CfnFirewallPolicy.StatefulRuleGroupReferenceProperty.builder()
                .resourceArn(ruleGroupArn(scope))
                .priority(priority)
                .build();
    }

    private static CfnFirewallPolicy.FirewallPolicyProperty policyWith(
            List<CfnFirewallPolicy.StatelessRuleGroupReferenceProperty> stateless,
            List<CfnFirewallPolicy.StatefulRuleGroupReferenceProperty> stateful) {
        return CfnFirewallPolicy.FirewallPolicyProperty.builder()
                // No stateless rule but the QUIC guard's (with scopes): hand every other packet to the stateful engine.
                .statelessRuleGroupReferences(stateless.isEmpty() ? null : stateless)
                .statelessDefaultActions(List.of("aws:forward_to_sfe"))
                .statelessFragmentDefaultActions(List.of("aws:forward_to_sfe"))
                .statefulEngineOptions(CfnFirewallPolicy.StatefulEngineOptionsProperty.builder()
                        .ruleOrder(STRICT_ORDER)
                        .streamExceptionPolicy("DROP")
                        .build())
                .statefulDefaultActions(STATEFUL_DEFAULT_ACTIONS)
                .statefulRuleGroupReferences(stateful)
                .build();
    }

    /**
     * With scopes, QUIC is dropped by a stateless group, so that every stateful group of the policy (at most 20, not
     * adjustable) can be a scope: UDP to port 443 from any SageMaker subnet is dropped ({@code aws:drop}); every other
     * packet meets the stateless default, {@code aws:forward_to_sfe}. Why QUIC is dropped: see {@link #bypassGuards}.
     */
    private CfnRuleGroup quicGuard(String prefix, ScopeLayout scopes) {
        List<CfnRuleGroup.AddressProperty> sources = scopes.allSubnetCidrs().stream()
                .map(cidr -> CfnRuleGroup.AddressProperty.builder().addressDefinition(cidr).build()).toList();
        return CfnRuleGroup.Builder.create(this, "QuicGuard")
                .ruleGroupName(prefix + "-quic-guard")
                .type("STATELESS")
                .capacity(QUIC_GUARD_CAPACITY)
                .description("Drops QUIC (UDP 443), which the domain allow-lists cannot inspect.")
                .ruleGroup(CfnRuleGroup.RuleGroupProperty.builder()
                        .rulesSource(CfnRuleGroup.RulesSourceProperty.builder()
                                .statelessRulesAndCustomActions(CfnRuleGroup.StatelessRulesAndCustomActionsProperty.builder()
                                        .statelessRules(List.of(CfnRuleGroup.StatelessRuleProperty.builder()
                                                .priority(1)
                                                .ruleDefinition(CfnRuleGroup.RuleDefinitionProperty.builder()
                                                        .actions(List.of("aws:drop"))
                                                        .matchAttributes(CfnRuleGroup.MatchAttributesProperty.builder()
                                                                .sources(sources)
                                                                .protocols(List.of(UDP))
                                                                .destinationPorts(List.of(CfnRuleGroup.PortRangeProperty
                                                                        .builder().fromPort(443).toPort(443).build()))
                                                                .build())
                                                        .build())
                                                .build()))
                                        .build())
                                .build())
                        .build())
                .build();
    }

    private static Map<String, Object> ruleGroupProperties(String name, int capacity, List<String> homeNet,
                                                           Map<String, Object> rulesSource) {
        return Map.of(
                "RuleGroupName", name,
                "Type", "STATEFUL",
                "Capacity", capacity,
                "Description", "Domains SageMaker Studio may reach. Written only by the firewall-sync function; "
                        + "the baseline applies at creation.",
                "RuleGroup", Map.of(
                        "RuleVariables", Map.of("IPSets", Map.of("HOME_NET", Map.of("Definition", homeNet))),
                        "RulesSource", rulesSource,
                        "StatefulRuleOptions", Map.of("RuleOrder", STRICT_ORDER)));
    }

    private static Map<String, Object> domainList(List<String> targets) {
        return Map.of("RulesSourceList", Map.of(
                "GeneratedRulesType", "ALLOWLIST",
                "TargetTypes", TARGET_TYPES,
                "Targets", targets));
    }

    /** A team scope: a domain list, or its learning form; {@code global}: pass rules (DESIGN-15). */
    private static Map<String, Object> rulesSource(ScopeSettings.Scope scope, List<String> baseline) {
        if (scope.isGlobal()) {
            return Map.of("RulesString", SuricataAllowRules.write(baseline, false));
        }
        return scope.learning() ? Map.of("RulesString", SuricataAllowRules.write(baseline, true)) : domainList(baseline);
    }

    /**
     * {@code default} keeps the single list's name (and {@link #resourceId}), so that it keeps its group and the
     * version log named after it; every other scope's group is named after the scope.
     */
    static String ruleGroupName(String prefix, ScopeSettings.Scope scope) {
        return ScopeSettings.isDefault(scope) ? prefix + "-allowlist" : prefix + "-scope-" + scope.name();
    }

    private static String resourceId(ScopeSettings.Scope scope) {
        return ScopeSettings.isDefault(scope) ? "AllowList" : "AllowList-" + scope.name();
    }

    /** The ARN of the stateful group {@code name} of this account and Region (Network Firewall's ARN format). */
    static String statefulRuleGroupArn(String name) {
        return "arn:" + Aws.PARTITION + ":network-firewall:" + Aws.REGION + ":" + Aws.ACCOUNT_ID
                + ":stateful-rulegroup/" + name;
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

    /** The single list's group, or with scopes the primary scope's ({@link ScopeSettings#primary}). */
    public String ruleGroupArn() {
        return ruleGroupArn(primaryScope);
    }

    public String ruleGroupArn(String scope) {
        return ruleGroups.get(scope).getAttString("RuleGroupArn");
    }

    public String ruleGroupName() {
        return ruleGroupNames.get(primaryScope);
    }

    /** Each scope's rule group name, in declaration order ({@code default} alone without scopes). */
    public Map<String, String> ruleGroupNames() {
        return Map.copyOf(ruleGroupNames);
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
