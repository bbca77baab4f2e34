package io.egressallowlist.infra.network;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import io.egressallowlist.infra.common.LogEncryption;
import io.egressallowlist.infra.common.MigrationExports;
import io.egressallowlist.infra.common.SharedParameters;
import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.config.ScopeLayout;
import io.egressallowlist.infra.config.ScopeSettings;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The protected Studio network: per zone, SageMaker subnet → firewall endpoint → NAT gateway →
 * internet gateway (or, with {@code firewallPlacement=nat-first}, the NAT gateway before the endpoint),
 * and back through the same endpoint; the firewall with the governed domain-list rule group; the AWS
 * service endpoints; VPC flow logs.
 */
public final class NetworkStack extends Stack {

    /**
     * What the Studio and control-plane stacks take from the network. Read in the consuming stack from SSM
     * parameters this stack writes ({@link #sharedWith}), never as cross-stack exports: an export in use
     * cannot change, so removing a zone (its subnet id leaves the list) would fail.
     */
    public record Exports(String vpcId, List<String> sageMakerSubnetIds, String workloadSecurityGroupId,
                          String executeApiEndpointId, String ruleGroupArn, String firewallArn, String firewallName,
                          Posture posture, Map<String, ScopeExports> scopes) {
        public Exports {
            sageMakerSubnetIds = List.copyOf(sageMakerSubnetIds);
            scopes = Collections.unmodifiableMap(new LinkedHashMap<>(scopes));
        }
    }

    /**
     * One scope's part of the network, by scope name in declaration order.
     *
     * @param subnetIds    its SageMaker subnets, zone by zone (none for {@code global})
     * @param securityGroupId its workload security group (null for {@code global})
     * @param ruleGroupArn its rule group, by its fixed name: the same account and Region as every stack of the app
     */
    public record ScopeExports(List<String> subnetIds, String securityGroupId, String ruleGroupArn) {
        public ScopeExports {
            subnetIds = List.copyOf(subnetIds);
        }
    }

    /**
     * What studio-guard checks the VPC against: the firewall's placement ({@code firewall-first} or
     * {@code nat-first}), its endpoint in each zone, comma-separated (the SageMaker subnets' default route leads to
     * it, firewall-first), and the service names of the endpoints left with the default policy on purpose.
     */
    public record Posture(String firewallPlacement, String firewallEndpointIds, List<String> defaultPolicyServices) {
        public Posture {
            defaultPolicyServices = List.copyOf(defaultPolicyServices);
        }
    }

    static final String VPC_ID = "vpc-id";
    static final String SAGEMAKER_SUBNET_IDS = "sagemaker-subnet-ids";
    static final String WORKLOAD_SECURITY_GROUP_ID = "workload-security-group-id";
    static final String EXECUTE_API_ENDPOINT_ID = "execute-api-endpoint-id";
    static final String RULE_GROUP_ARN = "rule-group-arn";
    static final String FIREWALL_ARN = "firewall-arn";
    static final String FIREWALL_ENDPOINT_IDS = "firewall-endpoint-ids";

    private final int zoneCount;
    private final int subnetCount;
    private final Map<String, String> scopeRuleGroupNames;
    private final List<String> teamScopes;
    private final String firewallName;
    private final String firewallPlacement;

    public NetworkStack(Construct scope, String id, StackProps props, NetworkSettings settings) {
        this(scope, id, props, settings, Optional.empty());
    }

    /** @param scopes the declared scopes: a SageMaker subnet per zone and a rule group each; empty: the single list */
    public NetworkStack(Construct scope, String id, StackProps props, NetworkSettings settings,
                        Optional<ScopeLayout> scopes) {
        super(scope, id, props);
        LogEncryption logs = new LogEncryption(this, "LogEncryption", settings.logRetentionDays());
        ProtectedVpc network = new ProtectedVpc(this, "Network", settings, scopes);
        new VpcFlowLog(this, "VpcFlowLog", network.vpcId(), logs);
        EgressFirewall firewall = new EgressFirewall(this, "EgressFirewall", settings, scopes, network.vpcId(),
                network.firewallSubnetIds(), logs);
        FirewallEndpointLookup lookup = new FirewallEndpointLookup(this, "FirewallEndpointLookup", firewall,
                network.firewallSubnetIds(), logs);
        new FirewallRouting(this, "FirewallRouting", settings.firewallPlacement(), network, lookup);
        ServiceEndpoints endpoints = new ServiceEndpoints(this, "ServiceEndpoints", network, settings.endpoints(),
                scopes.map(layout -> layout.settings().teamScopes().stream().map(ScopeSettings.Scope::name).toList())
                        .orElse(List.of()));
        zoneCount = settings.zoneCount();
        subnetCount = network.sageMakerSubnetIds().size();
        scopeRuleGroupNames = scopes.isEmpty() ? Map.of() : new LinkedHashMap<>(firewall.ruleGroupNames());
        teamScopes = scopes.map(layout -> layout.settings().teamScopes().stream().map(ScopeSettings.Scope::name)
                .toList()).orElse(List.of());
        teamScopes.forEach(team -> SharedParameters.publishList(this, "SubnetIdsParameter-" + team,
                parameter(scopeSubnetIdsKey(team)), network.subnetIdsOf(team),
                "SageMaker subnets of scope " + team + ", zone by zone"));
        endpoints.scopeWorkloadSecurityGroupIds().forEach((team, group) -> SharedParameters.publish(this,
                "SecurityGroupIdParameter-" + team, parameter(scopeSecurityGroupKey(team)), group,
                "Security group for Studio and its jobs of scope " + team));
        firewallName = firewall.firewallName();
        firewallPlacement = settings.firewallPlacement().contextValue();
        share(VPC_ID, "VpcId", network.vpcId(), "The protected Studio VPC");
        SharedParameters.publishList(this, "SageMakerSubnetIdsParameter", parameter(SAGEMAKER_SUBNET_IDS),
                network.sageMakerSubnetIds(), "Subnets for Studio and its jobs, zone by zone");
        share(WORKLOAD_SECURITY_GROUP_ID, "WorkloadSecurityGroupId", endpoints.workloadSecurityGroupId(),
                "Security group for Studio and its jobs");
        share(EXECUTE_API_ENDPOINT_ID, "ExecuteApiEndpointId", endpoints.executeApiEndpointId(),
                "The execute-api interface endpoint the private request API accepts");
        share(RULE_GROUP_ARN, "RuleGroupArn", firewall.ruleGroupArn(), "The governed domain-list rule group");
        share(FIREWALL_ARN, "FirewallArn", firewall.firewallArn(), "The Network Firewall");
        SharedParameters.publishList(this, "FirewallEndpointIdsParameter", parameter(FIREWALL_ENDPOINT_IDS),
                IntStream.range(0, zoneCount).mapToObj(lookup::endpointId).toList(),
                "The firewall's endpoint in each zone, zone by zone");

        MigrationExports legacy = new MigrationExports(this);
        legacy.keep(network.vpcId());
        network.sageMakerSubnetIds().forEach(legacy::keep);
        legacy.keep(endpoints.workloadSecurityGroupId());
        legacy.keep(endpoints.executeApiEndpointId());
        legacy.keep(firewall.firewallArn());
        legacy.keep("ExportsOutputFnGetAttEgressFirewallAllowList5655D2CFRuleGroupArn910B131F", firewall.ruleGroupArn());

        output("SageMakerSubnetIds", Fn.join(",", network.sageMakerSubnetIds()), "Subnets for Studio and its jobs");
        output("FirewallName", firewallName, "The Network Firewall");
    }

    /** Writes {@code value} to this stack's parameter {@code key}, and shows it as output {@code outputId}. */
    private void share(String key, String outputId, String value, String description) {
        SharedParameters.publish(this, outputId + "Parameter", parameter(key), value, description);
        output(outputId, value, description);
    }

    private String parameter(String key) {
        return SharedParameters.name(getStackName(), key);
    }

    /** What {@code consumer}'s stack takes from the network, read from this stack's parameters at its deploy. */
    public Exports sharedWith(Construct consumer) {
        Map<String, ScopeExports> scopes = new LinkedHashMap<>();
        scopeRuleGroupNames.forEach((scope, ruleGroup) -> scopes.put(scope, new ScopeExports(teamScopes.contains(scope)
                ? SharedParameters.readSubnetList(consumer, parameter(scopeSubnetIdsKey(scope)), zoneCount) : List.of(),
                teamScopes.contains(scope) ? SharedParameters.read(consumer, parameter(scopeSecurityGroupKey(scope))) : null,
                EgressFirewall.statefulRuleGroupArn(ruleGroup))));
        return new Exports(SharedParameters.read(consumer, parameter(VPC_ID)),
                teamScopes.isEmpty() ? SharedParameters.readList(consumer, parameter(SAGEMAKER_SUBNET_IDS), subnetCount)
                        : SharedParameters.readSubnetList(consumer, parameter(SAGEMAKER_SUBNET_IDS), subnetCount),
                SharedParameters.read(consumer, parameter(WORKLOAD_SECURITY_GROUP_ID)),
                SharedParameters.read(consumer, parameter(EXECUTE_API_ENDPOINT_ID)),
                SharedParameters.read(consumer, parameter(RULE_GROUP_ARN)),
                SharedParameters.read(consumer, parameter(FIREWALL_ARN)),
                firewallName,
                new Posture(firewallPlacement, SharedParameters.readJoined(consumer, parameter(FIREWALL_ENDPOINT_IDS)),
                        ServiceEndpoints.defaultPolicyServiceNames()), scopes);
    }

    private static String scopeSecurityGroupKey(String scope) {
        return "scopes/" + scope + "/security-group-id";
    }

    private static String scopeSubnetIdsKey(String scope) {
        return "scopes/" + scope + "/subnet-ids";
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /**
     * The firewall's ALERT log group: a literal name, not a reference, so the control-plane stack can
     * subscribe to it without an export.
     */
    public String alertLogGroupName() {
        return EgressFirewall.alertLogGroupName(getStackName());
    }
}
