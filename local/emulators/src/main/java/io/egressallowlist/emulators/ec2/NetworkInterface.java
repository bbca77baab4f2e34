package io.egressallowlist.emulators.ec2;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One elastic network interface as {@code DescribeNetworkInterfaces} reports it (EC2 API reference, data type
 * {@code NetworkInterface}). The emulator models one private IPv4 address per interface, the primary one.
 *
 * @param requesterId      who created the interface on the owner's behalf (a service), or null
 * @param requesterManaged whether an AWS service manages the interface
 * @param tags             tag key to value, in the order they were set
 * @param securityGroupIds the security groups of the interface
 */
public record NetworkInterface(String networkInterfaceId, Subnet subnet, String privateIpAddress, String description,
                               String ownerId, String requesterId, boolean requesterManaged, String interfaceType,
                               String status, Map<String, String> tags, List<String> securityGroupIds) {

    /**
     * EC2 ids are the prefix and 8 or 17 lowercase hex digits (the short form predates 2018's longer ids; both
     * still exist). What EC2 calls malformed is anything else.
     */
    static final Pattern ID = Pattern.compile("eni-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    public NetworkInterface {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(interfaceType, "interfaceType");
        Objects.requireNonNull(status, "status");
        description = description == null ? "" : description;
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tags, "tags")));
        securityGroupIds = List.copyOf(securityGroupIds);
        if (networkInterfaceId == null || !ID.matcher(networkInterfaceId).matches()) {
            throw new IllegalArgumentException("a network interface id is eni- and 8 or 17 hex digits, got "
                    + networkInterfaceId);
        }
        if (ownerId == null || !ACCOUNT.matcher(ownerId).matches()) {
            throw new IllegalArgumentException("an owner id is a 12-digit account, got " + ownerId);
        }
        if (!subnet.contains(privateIpAddress)) {
            throw new IllegalArgumentException(privateIpAddress + " is not in " + subnet.subnetId() + " ("
                    + subnet.cidrBlock() + ")");
        }
    }

    /** A plain interface in use, with no requester, tags or security groups; change it with the withers. */
    public static NetworkInterface of(String networkInterfaceId, Subnet subnet, String privateIpAddress,
                                      String description, String ownerId) {
        return new NetworkInterface(networkInterfaceId, subnet, privateIpAddress, description, ownerId, null, false,
                "interface", "in-use", Map.of(), List.of());
    }

    public NetworkInterface withRequester(String newRequesterId, boolean managed) {
        return new NetworkInterface(networkInterfaceId, subnet, privateIpAddress, description, ownerId, newRequesterId,
                managed, interfaceType, status, tags, securityGroupIds);
    }

    public NetworkInterface withTags(Map<String, String> newTags) {
        return new NetworkInterface(networkInterfaceId, subnet, privateIpAddress, description, ownerId, requesterId,
                requesterManaged, interfaceType, status, newTags, securityGroupIds);
    }

    public NetworkInterface withSecurityGroups(List<String> groupIds) {
        return new NetworkInterface(networkInterfaceId, subnet, privateIpAddress, description, ownerId, requesterId,
                requesterManaged, interfaceType, status, tags, groupIds);
    }

    /** The same interface holding another address of its subnet. */
    public NetworkInterface withPrivateIpAddress(String address) {
        return new NetworkInterface(networkInterfaceId, subnet, address, description, ownerId, requesterId,
                requesterManaged, interfaceType, status, tags, securityGroupIds);
    }

    /** The name EC2's internal DNS gives the address in us-east-1 ({@code ip-10-20-1-23.ec2.internal}). */
    String privateDnsName(String region) {
        String host = "ip-" + privateIpAddress.replace('.', '-');
        return region.equals("us-east-1") ? host + ".ec2.internal" : host + "." + region + ".compute.internal";
    }

    /** A stable, locally administered MAC address derived from the id. */
    String macAddress() {
        int hash = networkInterfaceId.hashCode();
        return String.format("0e:%02x:%02x:%02x:%02x:%02x", (hash >>> 24) & 0xff, (hash >>> 16) & 0xff,
                (hash >>> 8) & 0xff, hash & 0xff, networkInterfaceId.length());
    }
}
