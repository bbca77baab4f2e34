package io.egressallowlist.shared.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which Studio domain runs its apps in which subnet. A Studio domain in {@code VpcOnly} mode places the network
 * interfaces of its apps in the subnets it was created with (CreateDomain {@code SubnetIds}), so an address of
 * such a subnet belongs to some app of that domain; which person's app, the subnet cannot say.
 */
public final class StudioSubnets {

    private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{1,32}");
    private static final Pattern DOMAIN_ID = Pattern.compile("d-[a-z0-9]{1,32}");

    private final Map<String, String> domainBySubnet;

    private StudioSubnets(Map<String, String> domainBySubnet) {
        this.domainBySubnet = Map.copyOf(domainBySubnet);
    }

    public static StudioSubnets none() {
        return new StudioSubnets(Map.of());
    }

    /** From {@code subnet-…=d-…} entries; refuses, naming each, entries that are not such a pair. */
    public static StudioSubnets parse(List<String> entries) {
        Map<String, String> subnets = new LinkedHashMap<>();
        List<String> malformed = new ArrayList<>();
        for (String entry : entries) {
            String[] parts = entry.split("=", -1);
            if (parts.length != 2 || !SUBNET_ID.matcher(parts[0].strip()).matches()
                    || !DOMAIN_ID.matcher(parts[1].strip()).matches()) {
                malformed.add(entry);
                continue;
            }
            subnets.put(parts[0].strip(), parts[1].strip());
        }
        if (!malformed.isEmpty()) {
            throw new IllegalArgumentException("entries look like subnet-0abc123=d-abc123, got " + malformed);
        }
        return new StudioSubnets(subnets);
    }

    /** The Studio domain whose apps run in {@code subnetId}, if it is one of them. */
    public Optional<String> domainOf(String subnetId) {
        return Optional.ofNullable(subnetId == null ? null : domainBySubnet.get(subnetId));
    }

    public Map<String, String> asMap() {
        return domainBySubnet;
    }

    @Override
    public String toString() {
        return "StudioSubnets" + domainBySubnet;
    }
}
