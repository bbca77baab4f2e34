package io.egressallowlist.emulators.ec2;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One {@code Filter.N} of {@code DescribeNetworkInterfaces}: a name and the values it accepts. As EC2 documents
 * for every Describe operation ("Filter your Amazon EC2 resources"; API reference, data type {@code Filter}): several
 * filters are ANDed, the values of one filter ORed, values are case-sensitive and may use the wildcards {@code *}
 * (any run of characters) and {@code ?} (exactly one), with a backslash escaping either.
 *
 * @param values never empty
 */
record InterfaceFilter(String name, List<String> values) {

    /**
     * The filter names the emulator implements, from the list of the {@code DescribeNetworkInterfaces} API
     * reference, with what each reads of an interface. {@code tag:<key>} is handled apart.
     */
    private static final Map<String, Function<NetworkInterface, List<String>>> FIELDS = Map.ofEntries(
            Map.entry("addresses.private-ip-address", ni -> List.of(ni.privateIpAddress())),
            Map.entry("private-ip-address", ni -> List.of(ni.privateIpAddress())),
            Map.entry("network-interface-id", ni -> List.of(ni.networkInterfaceId())),
            Map.entry("subnet-id", ni -> List.of(ni.subnet().subnetId())),
            Map.entry("vpc-id", ni -> List.of(ni.subnet().vpcId())),
            Map.entry("availability-zone", ni -> List.of(ni.subnet().availabilityZone())),
            Map.entry("description", ni -> List.of(ni.description())),
            Map.entry("requester-id", ni -> ni.requesterId() == null ? List.of() : List.of(ni.requesterId())),
            Map.entry("requester-managed", ni -> List.of(Boolean.toString(ni.requesterManaged()))),
            Map.entry("owner-id", ni -> List.of(ni.ownerId())),
            Map.entry("status", ni -> List.of(ni.status())),
            Map.entry("interface-type", ni -> List.of(ni.interfaceType())),
            Map.entry("group-id", NetworkInterface::securityGroupIds),
            Map.entry("tag-key", ni -> List.copyOf(ni.tags().keySet())));
    private static final String TAG_PREFIX = "tag:";

    InterfaceFilter {
        values = List.copyOf(values);
    }

    /**
     * A filter of this name, or empty when EC2 would refuse the name ({@code InvalidParameterValue: The filter
     * '<name>' is invalid}). Names are matched exactly, as EC2 does.
     */
    static Optional<Function<NetworkInterface, List<String>>> field(String name) {
        if (name.startsWith(TAG_PREFIX) && name.length() > TAG_PREFIX.length()) {
            String key = name.substring(TAG_PREFIX.length());
            return Optional.of(ni -> ni.tags().containsKey(key) ? List.of(ni.tags().get(key)) : List.of());
        }
        return Optional.ofNullable(FIELDS.get(name));
    }

    static String supportedNames() {
        return String.join(", ", new TreeSet<>(FIELDS.keySet())) + ", tag:<key>";
    }

    boolean matches(NetworkInterface networkInterface) {
        Function<NetworkInterface, List<String>> field = field(name).orElseThrow();
        return matchesValues(field.apply(networkInterface));
    }

    /** Whether one of this filter's values matches one of {@code actual}, the values a resource has for it. */
    boolean matchesValues(List<String> actual) {
        return values.stream().map(InterfaceFilter::pattern)
                .anyMatch(pattern -> actual.stream().anyMatch(value -> pattern.matcher(value).matches()));
    }

    /** A filter value as a regular expression: {@code *} and {@code ?} are wildcards, {@code \} escapes. */
    private static Pattern pattern(String value) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                regex.append(Pattern.quote(String.valueOf(value.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
