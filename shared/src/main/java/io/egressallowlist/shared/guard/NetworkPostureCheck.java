package io.egressallowlist.shared.guard;

import io.egressallowlist.shared.domain.NetworkPosture.PolicyAccess;
import io.egressallowlist.shared.domain.NetworkPosture.Route;
import io.egressallowlist.shared.domain.NetworkPosture.RouteTable;
import io.egressallowlist.shared.domain.NetworkPosture.VpcEndpoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ways around the firewall the VPC's configuration shows: a protected (SageMaker) subnet whose traffic to the
 * internet does not lead to the firewall, and a VPC endpoint that lets anyone reach anything of its service (AWS
 * API traffic takes the endpoints, not the firewall). Pure: the guard reads the VPC, this decides.
 */
public final class NetworkPostureCheck {

    private static final String ANYWHERE = "0.0.0.0/0";

    /** Gateway Load Balancer endpoints (the firewall's own) take no policy ("Gateway Load Balancer endpoints"). */
    private static final String GATEWAY_LOAD_BALANCER = "GatewayLoadBalancer";

    /** Why a resource fails, as stable codes for events and the audit trail. */
    public enum Reason {
        MAIN_ROUTE_TABLE,
        DEFAULT_ROUTE_BYPASSES_FIREWALL,
        ENDPOINT_WITHOUT_POLICY,
        ENDPOINT_FULL_ACCESS_POLICY
    }

    /**
     * One finding about one resource.
     *
     * @param resourceId the subnet or endpoint
     * @param observed   what was seen (the route's target, the route table, the policy), part of the finding's identity
     */
    public record Problem(Reason reason, String resourceId, String observed, String message) { }

    private NetworkPostureCheck() {
    }

    /** The problems of the protected subnets' routing; empty when each leads to the firewall. */
    public static List<Problem> routing(Collection<String> protectedSubnets, FirewallPath path, List<RouteTable> tables) {
        List<Problem> problems = new ArrayList<>();
        for (String subnet : protectedSubnets) {
            Optional<RouteTable> explicit = tables.stream().filter(t -> t.subnetIds().contains(subnet)).findFirst();
            if (explicit.isEmpty()) {
                String main = tables.stream().filter(RouteTable::main).map(RouteTable::routeTableId).findFirst()
                        .orElse("(none found)");
                problems.add(new Problem(Reason.MAIN_ROUTE_TABLE, subnet, main, "SageMaker subnet " + subnet
                        + " has no explicit route table association, so it uses the VPC's main route table " + main
                        + ", which does not route through the firewall. Associate it with its zone's SageMaker"
                        + " route table."));
                continue;
            }
            defaultRouteProblem(subnet, explicit.get(), path).ifPresent(problems::add);
        }
        return problems;
    }

    private static Optional<Problem> defaultRouteProblem(String subnet, RouteTable table, FirewallPath path) {
        String target = table.routes().stream().filter(r -> r.destination().equals(ANYWHERE)).map(Route::target)
                .findFirst().orElse("nothing");
        boolean leadsToFirewall = path.match(
                firewallFirst -> firewallFirst.endpointIds().contains(target),
                natFirst -> target.startsWith("nat-"));
        if (leadsToFirewall) {
            return Optional.empty();
        }
        String expected = path.match(
                firewallFirst -> "a firewall endpoint " + firewallFirst.endpointIds().stream().sorted().toList(),
                natFirst -> "a NAT gateway (nat-first placement: the NAT subnet routes on to the firewall)");
        return Optional.of(new Problem(Reason.DEFAULT_ROUTE_BYPASSES_FIREWALL, subnet, table.routeTableId() + "->" + target,
                "Route table " + table.routeTableId() + " of SageMaker subnet " + subnet + " sends 0.0.0.0/0 to "
                        + target + ", not to " + expected + ": traffic from the subnet may leave without passing"
                        + " the firewall."));
    }

    /**
     * The endpoints without a policy or with the default full-access one, except the services deliberately left
     * with the default ({@code defaultPolicyServices}, service names) and Gateway Load Balancer endpoints.
     */
    public static List<Problem> endpoints(List<VpcEndpoint> endpoints, Set<String> defaultPolicyServices) {
        List<Problem> problems = new ArrayList<>();
        for (VpcEndpoint endpoint : endpoints) {
            if (endpoint.type().equals(GATEWAY_LOAD_BALANCER) || defaultPolicyServices.contains(endpoint.serviceName())
                    || endpoint.policy() == PolicyAccess.RESTRICTED) {
                continue;
            }
            boolean none = endpoint.policy() == PolicyAccess.NO_POLICY;
            problems.add(new Problem(none ? Reason.ENDPOINT_WITHOUT_POLICY : Reason.ENDPOINT_FULL_ACCESS_POLICY,
                    endpoint.endpointId(), endpoint.policy().name(), "VPC endpoint " + endpoint.endpointId() + " ("
                    + endpoint.serviceName() + ", " + endpoint.type() + ") has "
                    + (none ? "no policy" : "the default full-access policy")
                    + ": Studio can reach any resource of that service, of any account, through it without passing"
                    + " the firewall. Give it this account's restrictive policy."));
        }
        return problems;
    }
}
