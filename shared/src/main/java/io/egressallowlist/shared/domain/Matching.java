package io.egressallowlist.shared.domain;

import java.util.ArrayList;
import java.util.List;

/** Network Firewall's domain-list matching (aws-api-notes §1.4), on canonical A-label base names. */
final class Matching {

    private Matching() {
    }

    /**
     * An exact entry matches only the identical name (the generated rule is {@code startswith;
     * endswith}). A wildcard entry {@code .b} matches {@code b} and anything ending in {@code .b}
     * ({@code dotprefix; endswith}), so it also covers every narrower wildcard; never
     * {@code xb}, because the match is on a label boundary.
     */
    static boolean covers(boolean wildcard, String base, boolean otherWildcard, String otherBase) {
        if (!wildcard) {
            return !otherWildcard && base.equals(otherBase);
        }
        return otherBase.equals(base) || otherBase.endsWith("." + base);
    }

    /**
     * An entry of the domain list as Network Firewall reads it: a base name in A-label form, and whether the
     * entry is a wildcard over it. {@link DomainName} (what may be allowed) and {@link DomainPattern} (what deny
     * rules refuse) are both such an entry, with different rules on what they accept.
     */
    record Entry(boolean wildcard, String baseName) {

        /** {@code .example.com} for a wildcard, the name itself otherwise. */
        String target() {
            return wildcard ? "." + baseName : baseName;
        }

        boolean covers(Entry other) {
            return Matching.covers(wildcard, baseName, other.wildcard, other.baseName);
        }
    }

    /** The name and each of its parents: a.b.c, b.c, c. */
    static List<String> selfAndAncestors(String base) {
        List<String> names = new ArrayList<>();
        for (String name = base; ; name = name.substring(name.indexOf('.') + 1)) {
            names.add(name);
            if (name.indexOf('.') < 0) {
                return names;
            }
        }
    }
}
