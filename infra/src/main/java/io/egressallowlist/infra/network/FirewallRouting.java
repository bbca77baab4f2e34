package io.egressallowlist.infra.network;

import io.egressallowlist.infra.config.FirewallPlacement;
import software.amazon.awscdk.services.ec2.CfnRoute;
import software.amazon.awscdk.services.ec2.CfnRouteTable;
import software.constructs.Construct;

/**
 * Every route of the protected network, per zone and always to a target in the same zone, so losing
 * one zone never blackholes another. Network Firewall inspects a flow only if both of its directions
 * pass the same endpoint ("VPC route table configuration for AWS Network Firewall": update the route
 * tables for both directions of the flow); each placement below routes both ways through it.
 *
 * <p>Firewall-first (the default), as the "NAT gateway with AWS Network Firewall" egress design of the
 * AWS whitepaper "Building a Scalable and Secure Multi-VPC AWS Network Infrastructure":
 * <pre>
 *   SageMaker subnet  0.0.0.0/0           → firewall endpoint   (the workload's own address reaches the firewall)
 *   firewall subnet   0.0.0.0/0           → NAT gateway
 *   NAT subnet        0.0.0.0/0           → internet gateway
 *   NAT subnet        SageMaker subnet    → firewall endpoint   (the replies, after the NAT gateway translates back)
 * </pre>
 * The last route is more specific than the VPC's local route, which VPC route tables accept for a
 * firewall endpoint as target ("Deployment models for AWS Network Firewall with VPC routing
 * enhancements"). The internet gateway needs no edge route table here: it only ever delivers to the
 * NAT gateways' own addresses, and the NAT subnet's route above sends the translated replies on to the
 * endpoint. Routing the NAT subnet's block through the endpoint at the edge, as NAT-first does, would
 * show the firewall only the inbound half of the NAT gateway's flows.
 *
 * <p>NAT-first (the original layout, {@code firewallPlacement=nat-first}):
 * <pre>
 *   SageMaker subnet  0.0.0.0/0           → NAT gateway
 *   NAT subnet        0.0.0.0/0           → firewall endpoint   (every flow carries the NAT gateway's address)
 *   firewall subnet   0.0.0.0/0           → internet gateway
 *   edge (IGW)        NAT subnet          → firewall endpoint
 * </pre>
 */
public final class FirewallRouting extends Construct {

    private static final String ANYWHERE = "0.0.0.0/0";

    /*
     * Construct ids of the three default routes, as first deployed (NAT-first). They name a route's slot,
     * its table and destination, not its target, and must not change: CloudFormation changes the target
     * of an AWS::EC2::Route in place (ReplaceRoute, no interruption), but creates a resource under a new
     * logical id before it deletes the old one, and a second route to the same destination in the same
     * table is refused (RouteAlreadyExists). So switching placement on a deployed network is an update.
     */
    private static final String SAGEMAKER_DEFAULT = "SageMakerToNat";
    private static final String FIREWALL_DEFAULT = "FirewallToInternet";
    private static final String NAT_DEFAULT = "NatToFirewall";

    public FirewallRouting(Construct scope, String id, FirewallPlacement placement, ProtectedVpc network,
                           FirewallEndpointLookup endpoints) {
        super(scope, id);
        switch (placement) {
            case FIREWALL_FIRST -> network.zones().forEach(zone -> firewallFirst(network, zone,
                    number(zone), endpoints.endpointId(zone.index())));
            case NAT_FIRST -> {
                CfnRouteTable edge = network.addEdgeRouteTable();
                network.zones().forEach(zone -> natFirst(network, edge, zone,
                        number(zone), endpoints.endpointId(zone.index())));
            }
        }
    }

    private static String number(ZoneNetwork zone) {
        return String.valueOf(zone.index() + 1);
    }

    /** Each SageMaker subnet of the zone (one per team scope with scopes) is routed, and answered, the same way. */
    private void firewallFirst(ProtectedVpc network, ZoneNetwork zone, String n, String endpoint) {
        for (ZoneNetwork.WorkloadSubnet workload : zone.workloads()) {
            network.route(SAGEMAKER_DEFAULT + n + workload.idSuffix(), workload.routes(), ANYWHERE)
                    .vpcEndpointId(endpoint).build();
            route("NatReturnToFirewall" + n + workload.idSuffix(), zone.natRoutes(), workload.cidr())
                    .vpcEndpointId(endpoint).build();
        }
        network.route(FIREWALL_DEFAULT + n, zone.firewallRoutes(), ANYWHERE)
                .natGatewayId(zone.natGateway().getRef()).build();
        network.toInternet(route(NAT_DEFAULT + n, zone.natRoutes(), ANYWHERE));
    }

    /** Scopes need firewall-first (ScopeLayout): here the zone has its one SageMaker subnet. */
    private void natFirst(ProtectedVpc network, CfnRouteTable edge, ZoneNetwork zone, String n, String endpoint) {
        network.route(SAGEMAKER_DEFAULT + n, zone.sageMakerRoutes(), ANYWHERE)
                .natGatewayId(zone.natGateway().getRef()).build();
        network.toInternet(network.route(FIREWALL_DEFAULT + n, zone.firewallRoutes(), ANYWHERE));
        route(NAT_DEFAULT + n, zone.natRoutes(), ANYWHERE).vpcEndpointId(endpoint).build();
        route("EdgeToFirewall" + n, edge, zone.natCidr()).vpcEndpointId(endpoint).build();
    }

    private CfnRoute.Builder route(String id, CfnRouteTable table, String destination) {
        return CfnRoute.Builder.create(this, id).routeTableId(table.getRef()).destinationCidrBlock(destination);
    }
}
