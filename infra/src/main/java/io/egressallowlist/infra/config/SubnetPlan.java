package io.egressallowlist.infra.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carves the VPC block into the per-zone subnets. The VPC is split into four equal quarters: quarters
 * 0–2 are the SageMaker subnets of zones 0–2 (Studio places an interface per app, so they get nearly all
 * addresses); quarter 3 holds the {@code /28} NAT and firewall subnets, which need only a handful each.
 * The CIDRs are computed here, not with {@code Fn::Cidr}, because the edge route table needs each NAT
 * subnet's block as a literal destination.
 */
public record SubnetPlan(List<Zone> zones) {

    /** The three subnets of one Availability Zone. */
    public record Zone(int index, String sageMakerCidr, String natCidr, String firewallCidr) { }

    static final int SMALL_PREFIX = 28;
    static final int MIN_VPC_PREFIX = 16;
    static final int MAX_VPC_PREFIX = 23;
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    public SubnetPlan {
        zones = List.copyOf(zones);
    }

    public static SubnetPlan of(String vpcCidr, int zoneCount) {
        long base = requireUsableCidr(vpcCidr);
        int prefix = prefixOf(vpcCidr);
        int quarterPrefix = prefix + 2;
        long quarterSize = 1L << (32 - quarterPrefix);
        long smallBlocks = base + 3 * quarterSize;
        long smallSize = 1L << (32 - SMALL_PREFIX);
        List<Zone> zones = new ArrayList<>();
        for (int i = 0; i < zoneCount; i++) {
            zones.add(new Zone(i,
                    format(base + i * quarterSize, quarterPrefix),
                    format(smallBlocks + (2L * i) * smallSize, SMALL_PREFIX),
                    format(smallBlocks + (2L * i + 1) * smallSize, SMALL_PREFIX)));
        }
        return new SubnetPlan(zones);
    }

    /** Validates the block and returns its network address; refuses host bits and unusable sizes. */
    static long requireUsableCidr(String cidr) {
        Matcher m = cidr == null ? null : CIDR.matcher(cidr.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("vpcCidr must look like 10.20.0.0/16, was '" + cidr + "'.");
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new IllegalArgumentException("vpcCidr has an octet above 255: '" + cidr + "'.");
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix < MIN_VPC_PREFIX || prefix > MAX_VPC_PREFIX) {
            throw new IllegalArgumentException("vpcCidr must be a /" + MIN_VPC_PREFIX + " to /" + MAX_VPC_PREFIX
                    + " (room for three zones of SageMaker, NAT and firewall subnets), was '" + cidr + "'.");
        }
        if ((address & ((1L << (32 - prefix)) - 1)) != 0) {
            throw new IllegalArgumentException("vpcCidr has host bits set; did you mean "
                    + format(address & ~((1L << (32 - prefix)) - 1) & 0xFFFFFFFFL, prefix) + "?");
        }
        return address;
    }

    private static int prefixOf(String cidr) {
        return Integer.parseInt(cidr.strip().substring(cidr.strip().indexOf('/') + 1));
    }

    private static String format(long address, int prefix) {
        return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "."
                + (address & 0xFF) + "/" + prefix;
    }
}
