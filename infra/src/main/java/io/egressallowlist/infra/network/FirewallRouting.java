package io.egressallowlist.infra.network;

import software.amazon.awscdk.services.ec2.CfnRoute;
import software.constructs.Construct;

/**
 * The routes through the firewall, per zone and always to the endpoint of the same zone: outbound,
 * the NAT subnet's default route; inbound, the edge route for the NAT subnet's block. Symmetric
 * routing through one endpoint is what lets the stateful engine see both directions of a flow.
 */
public final class FirewallRouting extends Construct {

    private static final String ANYWHERE = "0.0.0.0/0";

    public FirewallRouting(Construct scope, String id, ProtectedVpc network, FirewallEndpointLookup endpoints) {
        super(scope, id);
        for (ZoneNetwork zone : network.zones()) {
            String n = String.valueOf(zone.index() + 1);
            String endpoint = endpoints.endpointId(zone.index());
            CfnRoute.Builder.create(this, "NatToFirewall" + n)
                    .routeTableId(zone.natRoutes().getRef())
                    .destinationCidrBlock(ANYWHERE)
                    .vpcEndpointId(endpoint)
                    .build();
            CfnRoute.Builder.create(this, "EdgeToFirewall" + n)
                    .routeTableId(network.edgeRoutes().getRef())
                    .destinationCidrBlock(zone.natCidr())
                    .vpcEndpointId(endpoint)
                    .build();
        }
    }
}
