package io.egressallowlist.infra;

import io.egressallowlist.infra.common.FunctionEnvironmentLimit;
import io.egressallowlist.infra.config.ControlPlaneSettings;
import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.config.StudioSettings;
import io.egressallowlist.infra.controlplane.ControlPlaneStack;
import io.egressallowlist.infra.network.NetworkStack;
import io.egressallowlist.infra.studio.StudioStack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

import java.util.List;

/**
 * The three stacks and what flows between them: network → Studio (subnets, security group) →
 * control plane (rule group, firewall, execute-api endpoint, Studio domain and role), each value through an
 * SSM parameter of the producing stack, never an export ({@link io.egressallowlist.infra.common.SharedParameters}).
 */
public record EgressAllowlistStacks(NetworkStack network, StudioStack studio, ControlPlaneStack controlPlane) {

    public static final String DEFAULT_PREFIX = "EgressAllowlist";

    public static EgressAllowlistStacks create(Construct scope, String prefix, NetworkSettings network,
                                               StudioSettings studio, ControlPlaneSettings controlPlane) {
        NetworkStack networkStack = new NetworkStack(scope, prefix + "-Network", props(
                "Protected SageMaker Studio network: NAT and Network Firewall per zone, endpoints, flow logs"), network);
        StudioStack studioStack = new StudioStack(scope, prefix + "-Studio", props(
                "SageMaker Studio domain (VpcOnly) in the protected network"), studio, consumer -> {
                    NetworkStack.Exports fromNetwork = networkStack.sharedWith(consumer);
                    return new StudioStack.Placement(fromNetwork.vpcId(), fromNetwork.sageMakerSubnetIds(),
                            fromNetwork.workloadSecurityGroupId());
                });
        studioStack.addDependency(networkStack, "Reads the network's parameters");
        ControlPlaneStack controlPlaneStack = new ControlPlaneStack(scope, prefix + "-ControlPlane", props(
                "Egress allow-list control plane: requests, Slack approvals, versioned firewall updates"),
                controlPlane, consumer -> {
                    NetworkStack.Exports fromNetwork = networkStack.sharedWith(consumer);
                    return new ControlPlaneStack.Dependencies(fromNetwork.executeApiEndpointId(),
                            fromNetwork.ruleGroupArn(), network.ruleGroupCapacity(), fromNetwork.firewallArn(),
                            fromNetwork.firewallName(),
                            fromNetwork.sageMakerSubnetIds(), List.of(studioStack.domainIdFor(consumer)),
                            studioStack.executionRoleNameFor(consumer), networkStack.alertLogGroupName(),
                            fromNetwork.vpcId(), fromNetwork.posture().firewallPlacement(),
                            List.of(fromNetwork.posture().firewallEndpointIds()),
                            fromNetwork.posture().defaultPolicyServices());
                });
        controlPlaneStack.addDependency(networkStack, "Reads the network's parameters");
        controlPlaneStack.addDependency(studioStack, "Reads the Studio domain's parameters");
        // Lambda refuses more than 4 KB of variables per function at deploy; the synth refuses it first.
        List.of(networkStack, studioStack, controlPlaneStack).forEach(FunctionEnvironmentLimit::addTo);
        return new EgressAllowlistStacks(networkStack, studioStack, controlPlaneStack);
    }

    private static StackProps props(String description) {
        return StackProps.builder().description(description).build();
    }
}
