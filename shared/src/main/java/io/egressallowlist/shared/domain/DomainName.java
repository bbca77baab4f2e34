package io.egressallowlist.shared.domain;

import static io.egressallowlist.shared.domain.Quoting.quote;

import io.egressallowlist.shared.domain.DomainSyntax.Parsed;
import io.egressallowlist.shared.domain.DomainSyntax.Refused;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A validated, canonical entry of the firewall's domain allow-list.
 *
 * <p>Canonical form: lower case, no trailing dot, internationalised labels as A-labels (xn--...).
 * A wildcard, written {@code *.example.com} or {@code .example.com}, becomes the Network Firewall
 * target {@code .example.com}, which matches {@code example.com} itself and every name below it; an
 * exact name matches only itself (aws-api-notes §1.4).
 *
 * <p>Refused, each with its own {@link Reason}: URLs and their parts (scheme, user, path, query,
 * fragment, port, percent-encoding), IP addresses in any notation, control, whitespace, invisible
 * and bidi characters, non-ASCII dots, compatibility forms and symbols, a {@code *} anywhere but the
 * leading {@code *.}, underscores and other characters host names may not contain, bad hyphens and
 * punycode, IDNA-ambiguous and homograph labels (see {@link Scripts}), over-long labels and names
 * (measured as A-labels), public suffixes and wildcards reaching over one, single-label names and
 * names under no known public suffix.
 *
 * <p>An instance can only be obtained from {@link #parse(String)} or {@link #of(String)}, so an
 * invalid entry cannot exist.
 */
public final class DomainName implements Comparable<DomainName> {

    /** Why a value is not an acceptable allow-list entry. */
    public enum Reason {
        EMPTY,
        CONTROL_CHARACTER,
        WHITESPACE,
        INVISIBLE_CHARACTER,
        URL_SCHEME,
        USERINFO,
        PATH,
        QUERY,
        FRAGMENT,
        PERCENT_ENCODING,
        PORT,
        IP_ADDRESS,
        NON_ASCII_DOT,
        COMPATIBILITY_CHARACTER,
        SYMBOL,
        WILDCARD_POSITION,
        EMPTY_LABEL,
        UNDERSCORE,
        FORBIDDEN_CHARACTER,
        HYPHEN_POSITION,
        INVALID_PUNYCODE,
        INVALID_IDN,
        IDNA_DEVIATION,
        MIXED_SCRIPT,
        CONFUSABLE_SCRIPT,
        LABEL_TOO_LONG,
        NAME_TOO_LONG,
        PUBLIC_SUFFIX,
        WILDCARD_OVER_PUBLIC_SUFFIX,
        SINGLE_LABEL,
        NO_PUBLIC_SUFFIX
    }

    /** The outcome of {@link #parse(String)}. */
    public sealed interface ParseResult permits Valid, Invalid {
        /** One function per case, so that a new case fails compilation wherever it is not handled. */
        record Cases<R>(Function<? super Valid, ? extends R> valid,
                Function<? super Invalid, ? extends R> invalid) { }

        <R> R match(Cases<R> cases);

        /** The domain name, or an {@link InvalidDomainNameException} carrying the reason. */
        DomainName orElseThrow();
    }

    public record Valid(DomainName domainName) implements ParseResult {
        @Override public <R> R match(Cases<R> cases) { return cases.valid().apply(this); }
        public Valid {
            Objects.requireNonNull(domainName, "domainName");
        }

        @Override
        public DomainName orElseThrow() {
            return domainName;
        }
    }

    public record Invalid(Reason reason, String message) implements ParseResult {
        @Override public <R> R match(Cases<R> cases) { return cases.invalid().apply(this); }
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public DomainName orElseThrow() {
            throw new InvalidDomainNameException(reason, message);
        }
    }

    private final Matching.Entry entry;
    private final String unicodeBaseName;

    private DomainName(Parsed parsed) {
        this.entry = new Matching.Entry(parsed.wildcard(), parsed.asciiName());
        this.unicodeBaseName = parsed.unicodeName();
    }

    public static ParseResult parse(String input) {
        try {
            Parsed parsed = DomainSyntax.parse(input);
            refuseOutsidePublicInternet(parsed);
            return new Valid(new DomainName(parsed));
        } catch (Refused refused) {
            return new Invalid(refused.reason(), refused.getMessage());
        }
    }

    /**
     * For asking whether traffic to a host is allowed ({@code GET /allowlist/check}, {@code /egress check}):
     * the same rules as {@link #parse}, except that an exact name that is itself on the Public Suffix List is
     * accepted. Such names are real hosts that a wildcard entry can cover ({@code s3.eu-west-1.amazonaws.com}
     * under {@code .amazonaws.com}); they are refused as requests because allowing one would allow a name
     * anyone can create under, but a question about them is answered. Wildcards are parsed as by
     * {@link #parse}.
     */
    public static ParseResult parseHost(String input) {
        try {
            Parsed parsed = DomainSyntax.parse(input);
            if (parsed.wildcard() || !PublicSuffixes.isPublicSuffix(parsed.asciiName())
                    || parsed.asciiLabels().size() == 1) {
                refuseOutsidePublicInternet(parsed);
            }
            return new Valid(new DomainName(parsed));
        } catch (Refused refused) {
            return new Invalid(refused.reason(), refused.getMessage());
        }
    }

    /** For trusted input (configuration, tests); throws {@link InvalidDomainNameException}. */
    public static DomainName of(String input) {
        return parse(input).orElseThrow();
    }

    private static void refuseOutsidePublicInternet(Parsed parsed) throws Refused {
        String name = parsed.asciiName();
        if (PublicSuffixes.isPublicSuffix(name)) {
            throw parsed.wildcard() ? wildcardOverSuffix(name, name) : new Refused(Reason.PUBLIC_SUFFIX,
                    quote(name) + " is a public suffix: a registry or platform under which anyone can create "
                            + "names. Request the specific name you need under it, such as example."
                            + name + ".");
        }
        if (parsed.asciiLabels().size() == 1) {
            throw new Refused(Reason.SINGLE_LABEL,
                    quote(name) + " is a single-label name (like localhost or intranet). Such names are "
                            + "internal and never go through the internet firewall; request a fully "
                            + "qualified name such as example.com.");
        }
        Optional<String> suffixBelow = PublicSuffixes.suffixBelow(name);
        if (parsed.wildcard() && suffixBelow.isPresent()) {
            throw wildcardOverSuffix(name, suffixBelow.get());
        }
        if (!PublicSuffixes.isUnderPublicSuffix(name)) {
            throw new Refused(Reason.NO_PUBLIC_SUFFIX,
                    quote(name) + " does not end in a known public suffix (such as .com or .co.uk), so it is "
                            + "not a public internet name (.local, .internal and .corp are private). If it is "
                            + "a new top-level domain, the Public Suffix List in this service needs updating.");
        }
    }

    // Public Suffix List with the private section included, see PublicSuffixes: .github.io or
    // .s3.amazonaws.com would allow every tenant of the platform, not one organisation.
    private static Refused wildcardOverSuffix(String name, String suffix) {
        String covered = suffix.equals(name) ? quote(name) + " is a public suffix" : "it covers the public suffix "
                + quote(suffix);
        return new Refused(Reason.WILDCARD_OVER_PUBLIC_SUFFIX,
                "The wildcard ." + name + " is too broad: " + covered + ", under which anyone can create names, "
                        + "so it would allow every site and tenant there. Request the specific names you need.");
    }

    /** The string placed in the rule group's Targets: {@code .example.com} or {@code www.example.com}. */
    public String target() {
        return entry.target();
    }

    /** True for {@code .example.com}, which also allows {@code example.com} itself (aws-api-notes §1.4). */
    public boolean isWildcard() {
        return entry.wildcard();
    }

    /** The name without the wildcard's leading dot, in A-label form; for an exact name, the name. */
    public String baseName() {
        return entry.baseName();
    }

    Matching.Entry entry() {
        return entry;
    }

    /**
     * The name registered under its public suffix: {@code example.co.uk} for {@code .a.example.co.uk}. Not
     * defined for a host that is itself a public suffix, which only {@link #parseHost} accepts.
     */
    public String registrableDomain() {
        return PublicSuffixes.registrableDomain(entry.baseName()).orElseThrow();
    }

    /** The target with internationalised labels in Unicode, for display only. */
    public String unicodeForm() {
        return entry.wildcard() ? "." + unicodeBaseName : unicodeBaseName;
    }

    /**
     * Network Firewall matching (aws-api-notes §1.4): an exact entry covers only the same exact
     * name; a wildcard covers its base name, every name below it, and every narrower wildcard.
     * An exact entry never covers a wildcard, even one with the same base name.
     */
    public boolean covers(DomainName other) {
        return entry.covers(other.entry);
    }

    public static boolean covers(DomainName entry, DomainName name) {
        return entry.covers(name);
    }

    /** True if some host name is matched by both entries. */
    public boolean overlaps(DomainName other) {
        return covers(other) || other.covers(this);
    }

    /** Orders by target string, the order in which versions store and hash the targets. */
    @Override
    public int compareTo(DomainName other) {
        return target().compareTo(other.target());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomainName other && entry.equals(other.entry);
    }

    @Override
    public int hashCode() {
        return entry.hashCode();
    }

    @Override
    public String toString() {
        return target();
    }
}
