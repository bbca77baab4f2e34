package io.egressallowlist.infra.network;

import java.util.List;

import software.amazon.awscdk.services.ec2.CfnNatGateway;
import software.amazon.awscdk.services.ec2.CfnRouteTable;
import software.amazon.awscdk.services.ec2.CfnSubnet;

/**
 * The subnets of one Availability Zone and their route tables: the SageMaker subnets (one, or one per team scope),
 * the NAT and the firewall subnet. Every route these tables get points at a target in the same zone, so losing one
 * zone never blackholes another.
 *
 * @param workloads the SageMaker subnets; the first also holds the zone's interface endpoints
 */
public record ZoneNetwork(int index, String availabilityZone, String natCidr, List<WorkloadSubnet> workloads,
                          CfnSubnet natSubnet, CfnRouteTable natRoutes, CfnNatGateway natGateway,
                          CfnSubnet firewallSubnet, CfnRouteTable firewallRoutes) {

    /**
     * A SageMaker subnet and its route table.
     *
     * @param scope    the team scope it belongs to, or empty for the single list's
     * @param idSuffix appended to the construct ids of its subnet, table and routes: empty for the single list's
     *                 subnet of the zone (a scope that takes over exactly that subnet keeps its resources)
     */
    public record WorkloadSubnet(String scope, String cidr, CfnSubnet subnet, CfnRouteTable routes, String idSuffix) {
    }

    public ZoneNetwork {
        workloads = List.copyOf(workloads);
    }

    /** The first SageMaker subnet: the single list's, or the first scope's. */
    public CfnSubnet sageMakerSubnet() {
        return workloads.get(0).subnet();
    }

    public CfnRouteTable sageMakerRoutes() {
        return workloads.get(0).routes();
    }
}
