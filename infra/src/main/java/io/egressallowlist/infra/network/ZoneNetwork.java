package io.egressallowlist.infra.network;

import software.amazon.awscdk.services.ec2.CfnNatGateway;
import software.amazon.awscdk.services.ec2.CfnRouteTable;
import software.amazon.awscdk.services.ec2.CfnSubnet;

/**
 * The three subnets of one Availability Zone and their route tables. Every route these tables get
 * points at a target in the same zone, so losing one zone never blackholes another.
 */
public record ZoneNetwork(int index, String availabilityZone, String sageMakerCidr, String natCidr,
                          CfnSubnet sageMakerSubnet, CfnRouteTable sageMakerRoutes,
                          CfnSubnet natSubnet, CfnRouteTable natRoutes, CfnNatGateway natGateway,
                          CfnSubnet firewallSubnet, CfnRouteTable firewallRoutes) {
}
