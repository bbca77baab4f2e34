package io.egressallowlist.emulators.ec2;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A route table of the emulator: its VPC, whether it is the VPC's main one, the subnets explicitly associated with it
 * and its IPv4 routes (EC2 API reference, data types {@code RouteTable}, {@code RouteTableAssociation}, {@code Route}).
 */
public record RouteTable(String routeTableId, String vpcId, boolean main, List<String> subnetIds, List<Route> routes) {

    static final Pattern ID = Pattern.compile("rtb-[0-9a-f]{8}([0-9a-f]{9})?");

    /**
     * One route: a destination and a target id. The target's kind follows from its prefix, and so does the member of
     * the {@code Route} shape EC2 writes it in ({@link #targetMember()}).
     */
    public record Route(String destinationCidrBlock, String target) {
        public Route {
            Objects.requireNonNull(destinationCidrBlock, "destinationCidrBlock");
            Objects.requireNonNull(target, "target");
        }

        /**
         * Where DescribeRouteTables puts the target: {@code gatewayId} for {@code local}, internet and virtual private
         * gateways and VPC endpoints (a route to a Gateway Load Balancer endpoint is created with {@code VpcEndpointId}
         * and described with the {@code vpce-} id in {@code gatewayId}: the {@code Route} shape has no endpoint
         * member), else the member of the target's kind.
         */
        String targetMember() {
            if (target.startsWith("nat-")) {
                return "natGatewayId";
            }
            if (target.startsWith("tgw-")) {
                return "transitGatewayId";
            }
            if (target.startsWith("eni-")) {
                return "networkInterfaceId";
            }
            if (target.startsWith("pcx-")) {
                return "vpcPeeringConnectionId";
            }
            if (target.startsWith("eigw-")) {
                return "egressOnlyInternetGatewayId";
            }
            if (target.startsWith("i-")) {
                return "instanceId";
            }
            return "gatewayId";
        }

        /** {@code CreateRouteTable} for the local route EC2 adds itself, {@code CreateRoute} for the others. */
        String origin() {
            return target.equals("local") ? "CreateRouteTable" : "CreateRoute";
        }
    }

    public RouteTable {
        if (routeTableId == null || !ID.matcher(routeTableId).matches()) {
            throw new IllegalArgumentException("a route table id is rtb- and 8 or 17 hex digits, was " + routeTableId);
        }
        Objects.requireNonNull(vpcId, "vpcId");
        subnetIds = List.copyOf(subnetIds);
        routes = List.copyOf(routes);
    }
}
