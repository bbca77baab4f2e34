package io.egressallowlist.shared.domain;

import io.egressallowlist.shared.domain.DomainSyntax.Parsed;
import io.egressallowlist.shared.domain.DomainSyntax.Refused;

/**
 * A name or wildcard used by deny rules. It follows the same syntax as {@link DomainName} but may
 * be as broad as a policy author wants ({@code .zip}, {@code .ngrok.io}): the Public Suffix List
 * limits what may be <em>allowed</em>, not what may be refused. Made by {@link #of}.
 */
public record DomainPattern(Matching.Entry entry) {

    /** Parses a pattern; a refusal carries the same reasons and messages as {@link DomainName#parse}. */
    public static DomainPattern of(String input) {
        try {
            Parsed parsed = DomainSyntax.parse(input);
            return new DomainPattern(new Matching.Entry(parsed.wildcard(), parsed.asciiName()));
        } catch (Refused refused) {
            throw new InvalidDomainNameException(refused.reason(), refused.getMessage());
        }
    }

    /** {@code .example.com} for a wildcard, the name itself otherwise. */
    public String target() {
        return entry.target();
    }

    public boolean isWildcard() {
        return entry.wildcard();
    }

    /**
     * True if the requested entry would allow any name this pattern denies, or is itself denied: the
     * pattern covers the request, or the request covers the pattern. Requesting {@code .example.com}
     * is refused by a pattern {@code evil.example.com}, since the wildcard would allow it.
     */
    public boolean overlaps(DomainName requested) {
        return entry.covers(requested.entry()) || requested.entry().covers(entry);
    }

    @Override
    public String toString() {
        return target();
    }
}
