package io.egressallowlist.shared.domain;

import com.google.common.net.InetAddresses;

import java.util.Objects;
import java.util.Optional;

/**
 * The source address of a flow the firewall refused, or of a call to the private API: an IPv4 or IPv6 literal in
 * canonical text form. Parsed without any name resolution ({@link InetAddresses} never looks a name up), so a
 * value from a log record is only ever compared, never contacted.
 */
public record SourceAddress(String value) {

    public SourceAddress {
        Objects.requireNonNull(value, "value");
        if (!InetAddresses.isInetAddress(value)) {
            throw new IllegalArgumentException("not an IP address literal");
        }
        value = InetAddresses.toAddrString(InetAddresses.forString(value));
    }

    /** The address, or empty when {@code text} is not an IP literal (a name, a port, anything else). */
    public static Optional<SourceAddress> parse(String text) {
        if (text == null || text.length() > 45 || !InetAddresses.isInetAddress(text)) {
            return Optional.empty();
        }
        return Optional.of(new SourceAddress(text));
    }

    @Override
    public String toString() {
        return value;
    }
}
