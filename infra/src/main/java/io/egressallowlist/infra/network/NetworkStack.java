package io.egressallowlist.infra.network;

import java.util.List;

import io.egressallowlist.infra.common.LogEncryption;
import io.egressallowlist.infra.config.NetworkSettings;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The protected Studio network: per zone, SageMaker subnet → NAT gateway → firewall endpoint →
 * internet gateway, and back through the same endpoint; the firewall with the governed domain-list
 * rule group; the AWS service endpoints; VPC flow logs.
 */
public final class NetworkStack extends Stack {

    private final ProtectedVpc network;
    private final EgressFirewall firewall;
    private final ServiceEndpoints endpoints;

    public NetworkStack(Construct scope, String id, StackProps props, NetworkSettings settings) {
        super(scope, id, props);
        LogEncryption logs = new LogEncryption(this, "LogEncryption", settings.logRetentionDays());
        network = new ProtectedVpc(this, "Network", settings);
        new VpcFlowLog(this, "VpcFlowLog", network.vpcId(), logs);
        firewall = new EgressFirewall(this, "EgressFirewall", settings, network.vpcId(), network.firewallSubnetIds(), logs);
        FirewallEndpointLookup lookup = new FirewallEndpointLookup(this, "FirewallEndpointLookup", firewall,
                network.firewallSubnetIds(), logs);
        new FirewallRouting(this, "FirewallRouting", network, lookup);
        endpoints = new ServiceEndpoints(this, "ServiceEndpoints", network);

        output("VpcId", network.vpcId(), "The protected Studio VPC");
        output("SageMakerSubnetIds", Fn.join(",", network.sageMakerSubnetIds()), "Subnets for Studio and its jobs");
        output("WorkloadSecurityGroupId", endpoints.workloadSecurityGroupId(), "Security group for Studio and its jobs");
        output("RuleGroupArn", firewall.ruleGroupArn(), "The governed domain-list rule group");
        output("FirewallName", firewall.firewallName(), "The Network Firewall");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /** The VPC, its zones' subnets and route tables. */
    public ProtectedVpc network() {
        return network;
    }

    /** The firewall and its governed rule group. */
    public EgressFirewall firewall() {
        return firewall;
    }

    /** The AWS service endpoints and the workload security group. */
    public ServiceEndpoints endpoints() {
        return endpoints;
    }
}
