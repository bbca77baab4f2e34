package io.egressallowlist.shared.domain;

import static io.egressallowlist.shared.domain.Quoting.quote;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of the rule group's {@code Targets} in the canonical form {@link DomainName#target()} produces:
 * lower-case A-labels, no trailing dot, {@code .example.com} for a wildcard (aws-api-notes §1.4). This is
 * the string requests store and versions list.
 *
 * <p>Only the form is checked here, not the policy: the Public Suffix List decides which names may be
 * <em>requested</em> ({@link DomainName#parse}), and it changes over time, so a target stored under an
 * older list must still read back.
 */
public record FirewallTarget(String value) implements Comparable<FirewallTarget> {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    public FirewallTarget {
        Objects.requireNonNull(value, "value");
        String name = value.startsWith(".") ? value.substring(1) : value;
        if (name.isEmpty() || name.length() > DomainSyntax.MAX_NAME_OCTETS) {
            throw new IllegalArgumentException(quote(value) + " is not a firewall target: a target is a domain name"
                    + " of 1 to " + DomainSyntax.MAX_NAME_OCTETS + " characters, such as www.example.com or"
                    + " .example.com.");
        }
        for (String label : name.split("\\.", -1)) {
            if (label.length() > DomainSyntax.MAX_LABEL_OCTETS || !LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException(quote(value) + " is not a firewall target: each label has 1 to "
                        + DomainSyntax.MAX_LABEL_OCTETS + " characters from a-z, 0-9 and inner hyphens, in canonical"
                        + " form (lower case, A-labels, no trailing dot), such as www.example.com or .example.com.");
            }
        }
    }

    /** The target of a validated domain name. */
    public static FirewallTarget of(DomainName name) {
        return new FirewallTarget(name.target());
    }

    /** True for {@code .example.com}, which also allows {@code example.com} itself (aws-api-notes §1.4). */
    public boolean isWildcard() {
        return value.startsWith(".");
    }

    /** Orders by the target string, the order in which versions store and hash the targets. */
    @Override
    public int compareTo(FirewallTarget other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
