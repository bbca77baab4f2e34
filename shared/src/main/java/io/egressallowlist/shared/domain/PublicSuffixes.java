package io.egressallowlist.shared.domain;

import com.google.common.net.InternetDomainName;
import com.google.thirdparty.publicsuffix.PublicSuffixPatterns;
import java.net.IDN;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Public Suffix List questions, answered from the copy of the list that ships with Guava.
 *
 * <p>The list includes the private section (github.io, s3.amazonaws.com, ...) as well as the ICANN
 * one. Both count here: a private suffix is a platform on which anyone can create a name, so a
 * wildcard over it allows every tenant of that platform, not one organisation.
 */
final class PublicSuffixes {

    private PublicSuffixes() {
    }

    static boolean isPublicSuffix(String asciiName) {
        return parse(asciiName).map(InternetDomainName::isPublicSuffix).orElse(false);
    }

    /** True if the name has a known public suffix above it, i.e. it could exist on the public internet. */
    static boolean isUnderPublicSuffix(String asciiName) {
        return parse(asciiName).map(InternetDomainName::isUnderPublicSuffix).orElse(false);
    }

    static Optional<String> registrableDomain(String asciiName) {
        return parse(asciiName)
                .filter(InternetDomainName::isUnderPublicSuffix)
                .map(name -> name.topPrivateDomain().toString());
    }

    /**
     * A public suffix strictly below the name, if there is one: for amazonaws.com, a suffix such as
     * s3.amazonaws.com. A wildcard over such a name covers that suffix and every tenant under it.
     */
    static Optional<String> suffixBelow(String asciiName) {
        return Optional.ofNullable(SuffixesBelow.EXAMPLE_BY_ANCESTOR.get(asciiName));
    }

    // Guava rejects some names that are valid here (for example a top-level label starting with a
    // digit); such a name has no public suffix Guava knows of.
    private static Optional<InternetDomainName> parse(String asciiName) {
        try {
            return Optional.of(InternetDomainName.from(asciiName));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Every proper ancestor of a listed suffix, mapped to one example suffix below it.
     *
     * <p>InternetDomainName can say whether a name is a suffix but cannot list the suffixes under a
     * name, so this reads Guava's pattern tables. Guava documents that class as internal;
     * the dependency is confined to this holder, and a Guava change would fail the build (compile
     * error or the .amazonaws.com test), not weaken the check silently. Built once, immutable.
     */
    private static final class SuffixesBelow {
        static final Map<String, String> EXAMPLE_BY_ANCESTOR = build();

        private static Map<String, String> build() {
            TreeMap<String, String> byAncestor = new TreeMap<>();
            Stream.concat(
                            PublicSuffixPatterns.EXACT.keySet().stream().map(PublicSuffixes::toAscii),
                            PublicSuffixPatterns.UNDER.keySet().stream().map(k -> "*." + toAscii(k)))
                    .sorted()
                    .forEach(suffix -> recordAncestors(suffix, byAncestor));
            return Map.copyOf(byAncestor);
        }

        private static void recordAncestors(String suffix, Map<String, String> byAncestor) {
            String name = suffix;
            for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.')) {
                name = name.substring(dot + 1);
                byAncestor.merge(name, suffix, PublicSuffixes::moreReadable);
            }
        }
    }

    // The shortest example reads best in a message (s3.amazonaws.com rather than a regional one).
    private static String moreReadable(String a, String b) {
        int byLength = Integer.compare(a.length(), b.length());
        return byLength < 0 || (byLength == 0 && a.compareTo(b) <= 0) ? a : b;
    }

    private static String toAscii(String name) {
        try {
            return IDN.toASCII(name);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }
}
