package io.egressallowlist.emulators.ec2;

import java.util.regex.Pattern;

/** Dotted-quad IPv4 addresses and CIDR blocks, as EC2 writes them. */
final class Ipv4 {

    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private Ipv4() {
    }

    static boolean isAddress(String text) {
        return text != null && DOTTED_QUAD.matcher(text).matches();
    }

    /** The address as an unsigned 32-bit number; refuses anything but a dotted quad. */
    static long value(String address) {
        if (!isAddress(address)) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        long value = 0;
        for (String octet : address.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }

    /** The prefix length of {@code cidr}, checked. */
    static int block(String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR block like 10.20.0.0/18: " + cidr);
        }
        value(cidr.substring(0, slash));
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR block like 10.20.0.0/18: " + cidr);
        }
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("a prefix length is 0..32, got " + cidr);
        }
        return prefix;
    }

    static boolean inBlock(String address, String cidr) {
        int prefix = block(cidr);
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (value(address) & mask) == (value(cidr.substring(0, cidr.indexOf('/'))) & mask);
    }
}
