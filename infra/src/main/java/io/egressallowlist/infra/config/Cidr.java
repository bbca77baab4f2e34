package io.egressallowlist.infra.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 block as a subnet takes it: network address and prefix, without host bits. */
record Cidr(long address, int prefix) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /** The block, or an {@link IllegalArgumentException} saying what is wrong with {@code text}. */
    static Cidr parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 CIDR such as 10.20.32.0/22");
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new IllegalArgumentException("'" + text + "' has an octet above 255");
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32) {
            throw new IllegalArgumentException("'" + text + "' has a prefix above 32");
        }
        Cidr cidr = new Cidr(address & mask(prefix), prefix);
        if (cidr.address() != address) {
            throw new IllegalArgumentException("'" + text + "' has host bits set; did you mean " + cidr + "?");
        }
        return cidr;
    }

    boolean contains(Cidr other) {
        return other.prefix >= prefix && (other.address & mask(prefix)) == address;
    }

    boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    @Override
    public String toString() {
        return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "."
                + (address & 0xFF) + "/" + prefix;
    }
}
