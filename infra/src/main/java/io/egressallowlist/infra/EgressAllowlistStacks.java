package io.egressallowlist.infra;

import io.egressallowlist.infra.common.FunctionEnvironmentLimit;
import io.egressallowlist.infra.config.ControlPlaneSettings;
import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.config.ScopeLayout;
import io.egressallowlist.infra.config.ScopeSettings;
import io.egressallowlist.infra.config.StudioSettings;
import io.egressallowlist.infra.controlplane.ControlPlaneStack;
import io.egressallowlist.infra.controlplane.ScopeDependencies;
import io.egressallowlist.infra.network.NetworkStack;
import io.egressallowlist.infra.studio.StudioStack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three stacks and what flows between them: network → Studio (subnets, security group) →
 * control plane (rule group, firewall, execute-api endpoint, Studio domain and role), each value through an
 * SSM parameter of the producing stack, never an export ({@link io.egressallowlist.infra.common.SharedParameters}).
 */
public record EgressAllowlistStacks(NetworkStack network, StudioStack studio, ControlPlaneStack controlPlane) {

    public static final String DEFAULT_PREFIX = "EgressAllowlist";

    /** The single list: no scopes declared. */
    public static EgressAllowlistStacks create(Construct scope, String prefix, NetworkSettings network,
                                               StudioSettings studio, ControlPlaneSettings controlPlane) {
        return create(scope, prefix, network, studio, controlPlane, ScopeSettings.none());
    }

    public static EgressAllowlistStacks create(Construct scope, String prefix, NetworkSettings network,
                                               StudioSettings studio, ControlPlaneSettings controlPlane,
                                               ScopeSettings scopes) {
        Optional<ScopeLayout> layout = scopes.declared() ? Optional.of(new ScopeLayout(scopes, network)) : Optional.empty();
        NetworkStack networkStack = new NetworkStack(scope, prefix + "-Network", props(
                "Protected SageMaker Studio network: NAT and Network Firewall per zone, endpoints, flow logs"), network,
                layout);
        StudioStack studioStack = new StudioStack(scope, prefix + "-Studio", props(
                "SageMaker Studio domain (VpcOnly) in the protected network"), studio, scopes, consumer -> {
                    NetworkStack.Exports fromNetwork = networkStack.sharedWith(consumer);
                    Map<String, String> securityGroups = new LinkedHashMap<>();
                    fromNetwork.scopes().forEach((name, exported) -> {
                        if (exported.securityGroupId() != null) {
                            securityGroups.put(name, exported.securityGroupId());
                        }
                    });
                    return new StudioStack.Placement(fromNetwork.vpcId(), fromNetwork.sageMakerSubnetIds(),
                            fromNetwork.workloadSecurityGroupId(), subnetIdsByScope(fromNetwork), securityGroups);
                });
        studioStack.addDependency(networkStack, "Reads the network's parameters");
        ControlPlaneStack controlPlaneStack = new ControlPlaneStack(scope, prefix + "-ControlPlane", props(
                "Egress allow-list control plane: requests, Slack approvals, versioned firewall updates"),
                controlPlane, consumer -> {
                    NetworkStack.Exports fromNetwork = networkStack.sharedWith(consumer);
                    ScopeDependencies fromScopes = scopes.declared()
                            ? scopeDependencies(scopes, fromNetwork, studioStack, consumer) : ScopeDependencies.none();
                    return new ControlPlaneStack.Dependencies(fromNetwork.executeApiEndpointId(),
                            fromNetwork.ruleGroupArn(),
                            scopes.declared() ? scopes.primary().capacity() : network.ruleGroupCapacity(),
                            fromNetwork.firewallArn(), fromNetwork.firewallName(),
                            fromNetwork.sageMakerSubnetIds(),
                            scopes.declared() ? fromScopes.allDomainIds() : List.of(studioStack.domainIdFor(consumer)),
                            scopes.declared() ? "" : studioStack.executionRoleNameFor(consumer),
                            networkStack.alertLogGroupName(),
                            fromNetwork.vpcId(), fromNetwork.posture().firewallPlacement(),
                            List.of(fromNetwork.posture().firewallEndpointIds()),
                            fromNetwork.posture().defaultPolicyServices(), fromScopes);
                });
        controlPlaneStack.addDependency(networkStack, "Reads the network's parameters");
        controlPlaneStack.addDependency(studioStack, "Reads the Studio domain's parameters");
        // Lambda refuses more than 4 KB of variables per function at deploy; the synth refuses it first.
        List.of(networkStack, studioStack, controlPlaneStack).forEach(FunctionEnvironmentLimit::addTo);
        return new EgressAllowlistStacks(networkStack, studioStack, controlPlaneStack);
    }

    private static Map<String, List<String>> subnetIdsByScope(NetworkStack.Exports fromNetwork) {
        Map<String, List<String>> subnets = new LinkedHashMap<>();
        fromNetwork.scopes().forEach((name, scope) -> {
            if (!scope.subnetIds().isEmpty()) {
                subnets.put(name, scope.subnetIds());
            }
        });
        return subnets;
    }

    private static ScopeDependencies scopeDependencies(ScopeSettings scopes, NetworkStack.Exports fromNetwork,
                                                       StudioStack studio, Construct consumer) {
        Map<String, String> ruleGroups = new LinkedHashMap<>();
        fromNetwork.scopes().forEach((name, scope) -> ruleGroups.put(name, scope.ruleGroupArn()));
        return new ScopeDependencies(scopes, ruleGroups, studio.scopeDomainIdsFor(consumer),
                subnetIdsByScope(fromNetwork),
                studio.executionRoleNamesFor(consumer));
    }

    private static StackProps props(String description) {
        return StackProps.builder().description(description).build();
    }
}
