package io.egressallowlist.emulators.networkfirewall;

import java.util.Locale;

/** How a domain-list target matches a name (aws-api-notes §1.4), and HOME_NET membership. */
final class DomainTargets {

    private DomainTargets() {
    }

    /**
     * {@code .example.com} matches {@code example.com} and every name ending in {@code .example.com} (Suricata's
     * {@code dotprefix; content:".example.com"; endswith}); any other target matches only the same name
     * ({@code startswith; endswith}). TLS rules are {@code nocase}; HTTP rules are not, but Suricata lowercases the
     * Host buffer, so a target with capitals never matches HTTP.
     */
    static boolean matches(String target, String inspectedName, Flow.Protocol protocol) {
        String pattern = protocol == Flow.Protocol.TLS ? target.toLowerCase(Locale.ROOT) : target;
        if (pattern.startsWith(".")) {
            return inspectedName.equals(pattern.substring(1)) || inspectedName.endsWith(pattern);
        }
        return inspectedName.equals(pattern);
    }

    /** Whether an address lies in an IPv4 CIDR block; an IPv6 or malformed block contains nothing. */
    static boolean inCidr(long address, String cidr) {
        int slash = cidr.indexOf('/');
        String[] octets = (slash < 0 ? cidr : cidr.substring(0, slash)).split("\\.");
        if (octets.length != 4) {
            return false;
        }
        try {
            long network = 0;
            for (String octet : octets) {
                network = (network << 8) | Integer.parseInt(octet);
            }
            int prefix = slash < 0 ? 32 : Integer.parseInt(cidr.substring(slash + 1));
            long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            return (address & mask) == (network & mask);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
