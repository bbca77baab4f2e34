package io.egressallowlist.shared.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * The name a refused flow asked for (TLS SNI or HTTP Host), as data. The firewall copies it from the client's
 * bytes, so it may be anything: a valid host, an IP literal, a name too long for DNS, Unicode, or markup such as
 * {@code <!channel>}. It is never resolved, executed or trusted as an identity; wherever it is shown it must be
 * escaped for that medium.
 *
 * @param shown the canonical host name (A-labels, lower case) when the text is a valid host name by
 *              {@link DomainName#parseHost}; otherwise the text itself with every character outside printable
 *              ASCII replaced by {@code ?} and cut to {@link #MAX_SHOWN} characters
 * @param name  the parsed host name; empty when the text is not one (then nothing can be requested for it)
 */
public record BlockedHost(String shown, Optional<DomainName> name) {

    /** DNS names are at most 253 characters; a little more shows that a longer text was cut. */
    public static final int MAX_SHOWN = 260;

    public BlockedHost {
        Objects.requireNonNull(shown, "shown");
        Objects.requireNonNull(name, "name");
        if (shown.isEmpty() || shown.length() > MAX_SHOWN) {
            throw new IllegalArgumentException("a blocked host is 1 to " + MAX_SHOWN + " characters");
        }
    }

    /** The host of {@code text}; empty when there is no text at all. */
    public static Optional<BlockedHost> of(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        if (trimmed.endsWith(".") && trimmed.length() > 1) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.length() <= 253) {
            Optional<DomainName> parsed = DomainName.parseHost(trimmed).match(new DomainName.ParseResult.Cases<>(
                    valid -> valid.domainName().isWildcard() ? Optional.<DomainName>empty()
                            : Optional.of(valid.domainName()),
                    invalid -> Optional.empty()));
            if (parsed.isPresent()) {
                return Optional.of(new BlockedHost(parsed.get().target(), parsed));
            }
        }
        return Optional.of(new BlockedHost(printable(trimmed), Optional.empty()));
    }

    /** A stored host read back: valid names parse again, anything else stays data. */
    public static BlockedHost stored(String shown) {
        return of(shown).filter(host -> host.shown().equals(shown))
                .orElseGet(() -> new BlockedHost(printable(shown), Optional.empty()));
    }

    public boolean isRequestable() {
        return name.isPresent();
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_SHOWN));
        text.codePoints().limit(MAX_SHOWN).forEach(c -> out.append(c >= 0x21 && c <= 0x7e ? (char) c : '?'));
        return out.toString();
    }

    @Override
    public String toString() {
        return shown;
    }
}
