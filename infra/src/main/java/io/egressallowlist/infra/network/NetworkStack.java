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
 * The protected Studio network: per zone, SageMaker subnet → firewall endpoint → NAT gateway →
 * internet gateway (or, with {@code firewallPlacement=nat-first}, the NAT gateway before the endpoint),
 * and back through the same endpoint; the firewall with the governed domain-list rule group; the AWS
 * service endpoints; VPC flow logs.
 */
public final class NetworkStack extends Stack {

    /** What the Studio and control-plane stacks take from the network (cross-stack references). */
    public record Exports(String vpcId, List<String> sageMakerSubnetIds, String workloadSecurityGroupId,
                          String executeApiEndpointId, String ruleGroupArn, String firewallArn, String firewallName) {
        public Exports {
            sageMakerSubnetIds = List.copyOf(sageMakerSubnetIds);
        }
    }

    private final Exports exports;

    public NetworkStack(Construct scope, String id, StackProps props, NetworkSettings settings) {
        super(scope, id, props);
        LogEncryption logs = new LogEncryption(this, "LogEncryption", settings.logRetentionDays());
        ProtectedVpc network = new ProtectedVpc(this, "Network", settings);
        new VpcFlowLog(this, "VpcFlowLog", network.vpcId(), logs);
        EgressFirewall firewall = new EgressFirewall(this, "EgressFirewall", settings, network.vpcId(),
                network.firewallSubnetIds(), logs);
        FirewallEndpointLookup lookup = new FirewallEndpointLookup(this, "FirewallEndpointLookup", firewall,
                network.firewallSubnetIds(), logs);
        new FirewallRouting(this, "FirewallRouting", settings.firewallPlacement(), network, lookup);
        ServiceEndpoints endpoints = new ServiceEndpoints(this, "ServiceEndpoints", network);
        exports = new Exports(network.vpcId(), network.sageMakerSubnetIds(), endpoints.workloadSecurityGroupId(),
                endpoints.executeApiEndpointId(), firewall.ruleGroupArn(), firewall.firewallArn(),
                firewall.firewallName());

        output("VpcId", exports.vpcId(), "The protected Studio VPC");
        output("SageMakerSubnetIds", Fn.join(",", exports.sageMakerSubnetIds()), "Subnets for Studio and its jobs");
        output("WorkloadSecurityGroupId", exports.workloadSecurityGroupId(), "Security group for Studio and its jobs");
        output("RuleGroupArn", exports.ruleGroupArn(), "The governed domain-list rule group");
        output("FirewallName", exports.firewallName(), "The Network Firewall");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public Exports exports() {
        return exports;
    }

    /**
     * The firewall's ALERT log group: a literal name, not a reference, so the control-plane stack can
     * subscribe to it without an export.
     */
    public String alertLogGroupName() {
        return EgressFirewall.alertLogGroupName(getStackName());
    }
}
