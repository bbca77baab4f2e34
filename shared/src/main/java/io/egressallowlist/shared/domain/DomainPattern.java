package io.egressallowlist.shared.domain;

import io.egressallowlist.shared.domain.DomainSyntax.Parsed;
import io.egressallowlist.shared.domain.DomainSyntax.Refused;
import java.util.Objects;

/**
 * A name or wildcard used by deny rules. It follows the same syntax as {@link DomainName} but may
 * be as broad as a policy author wants ({@code .zip}, {@code .ngrok.io}): the Public Suffix List
 * limits what may be <em>allowed</em>, not what may be refused.
 */
public final class DomainPattern {

    private final boolean wildcard;
    private final String baseName;

    private DomainPattern(boolean wildcard, String baseName) {
        this.wildcard = wildcard;
        this.baseName = baseName;
    }

    /** Parses a pattern; a refusal carries the same reasons and messages as {@link DomainName#parse}. */
    public static DomainPattern of(String input) {
        try {
            Parsed parsed = DomainSyntax.parse(input);
            return new DomainPattern(parsed.wildcard(), parsed.asciiName());
        } catch (Refused refused) {
            throw new InvalidDomainNameException(refused.reason(), refused.getMessage());
        }
    }

    /** {@code .example.com} for a wildcard, the name itself otherwise. */
    public String target() {
        return wildcard ? "." + baseName : baseName;
    }

    public boolean isWildcard() {
        return wildcard;
    }

    /**
     * True if the requested entry would allow any name this pattern denies, or is itself denied: the
     * pattern covers the request, or the request covers the pattern. Requesting {@code .example.com}
     * is refused by a pattern {@code evil.example.com}, since the wildcard would allow it.
     */
    public boolean overlaps(DomainName requested) {
        return Matching.covers(wildcard, baseName, requested.isWildcard(), requested.baseName())
                || Matching.covers(requested.isWildcard(), requested.baseName(), wildcard, baseName);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomainPattern other && wildcard == other.wildcard && baseName.equals(other.baseName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(wildcard, baseName);
    }

    @Override
    public String toString() {
        return target();
    }
}
