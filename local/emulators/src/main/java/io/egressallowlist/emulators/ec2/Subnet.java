package io.egressallowlist.emulators.ec2;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A subnet as far as a network interface needs one: the VPC and Availability Zone an interface in it reports,
 * and the IPv4 block its addresses come from.
 *
 * @param cidrBlock an IPv4 block such as {@code 10.20.0.0/18}
 */
public record Subnet(String subnetId, String vpcId, String availabilityZone, String cidrBlock) {

    private static final Pattern SUBNET_ID = Pattern.compile("subnet-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern VPC_ID = Pattern.compile("vpc-([0-9a-f]{8}|[0-9a-f]{17})");

    public Subnet {
        Objects.requireNonNull(availabilityZone, "availabilityZone");
        if (subnetId == null || !SUBNET_ID.matcher(subnetId).matches()) {
            throw new IllegalArgumentException("a subnet id is subnet- and 8 or 17 hex digits, got " + subnetId);
        }
        if (vpcId == null || !VPC_ID.matcher(vpcId).matches()) {
            throw new IllegalArgumentException("a VPC id is vpc- and 8 or 17 hex digits, got " + vpcId);
        }
        Ipv4.block(cidrBlock);
    }

    /** True when {@code address} lies in this subnet's block. */
    public boolean contains(String address) {
        return Ipv4.inBlock(address, cidrBlock);
    }
}
