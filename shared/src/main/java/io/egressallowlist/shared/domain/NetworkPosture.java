package io.egressallowlist.shared.domain;

import java.util.List;
import java.util.Objects;

/**
 * What the VPC's route tables and endpoints say about the way out of the protected subnets (EC2
 * {@code DescribeRouteTables}, {@code DescribeVpcEndpoints}). Read only.
 */
public interface NetworkPosture {

    /** One route: a destination CIDR block and the id of its target ({@code vpce-…}, {@code nat-…}, {@code igw-…}, …). */
    record Route(String destination, String target) {
        public Route {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * A route table with the subnets explicitly associated with it; {@code main} when it is the VPC's main route
     * table, which every subnet without an explicit association uses (Amazon VPC user guide, "Route tables").
     */
    record RouteTable(String routeTableId, boolean main, List<String> subnetIds, List<Route> routes) {
        public RouteTable {
            Objects.requireNonNull(routeTableId, "routeTableId");
            subnetIds = List.copyOf(subnetIds);
            routes = List.copyOf(routes);
        }
    }

    /** What an endpoint's policy allows, as far as the guard cares. */
    enum PolicyAccess {
        /** No policy document (Gateway Load Balancer endpoints, such as the firewall's, take none). */
        NO_POLICY,
        /** A statement allowing every action on every resource to every principal without a condition: the default. */
        FULL_ACCESS,
        /** Anything narrower. */
        RESTRICTED
    }

    /** A VPC endpoint: its id, service name, type ({@code Interface}, {@code Gateway}, {@code GatewayLoadBalancer}). */
    record VpcEndpoint(String endpointId, String serviceName, String type, PolicyAccess policy) {
        public VpcEndpoint {
            Objects.requireNonNull(endpointId, "endpointId");
            Objects.requireNonNull(serviceName, "serviceName");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(policy, "policy");
        }
    }

    /** EC2 could not be asked; the guard reports that it could not check, and checks again on its next run. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Every route table of {@code vpcId}, with its explicit subnet associations and its routes. */
    List<RouteTable> routeTables(String vpcId);

    /** Every VPC endpoint of {@code vpcId}. */
    List<VpcEndpoint> endpoints(String vpcId);
}
