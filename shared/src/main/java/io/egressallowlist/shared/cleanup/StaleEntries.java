package io.egressallowlist.shared.cleanup;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which allow-list entries saw no traffic. An exact entry is used by traffic to exactly that name; a
 * wildcard entry {@code .example.com} by traffic to {@code example.com} or any name under it — the same
 * matching the generated Suricata rules apply (aws-api-notes §1.4). Each observed name is expanded into
 * the entries that would have allowed it, so the check is one hash probe per target.
 */
public final class StaleEntries {

    private StaleEntries() {
    }

    /**
     * The targets with no traffic at or after {@code since}, in the order given.
     *
     * @param lastSeen observed names (as reported) and when each was last accessed
     */
    public static List<String> withoutTrafficSince(Collection<String> targets, Map<String, Instant> lastSeen,
                                                   Instant since) {
        Set<String> allowingEntries = new HashSet<>();
        lastSeen.forEach((name, at) -> {
            if (!at.isBefore(since)) {
                allowingEntries.addAll(entriesAllowing(normalise(name)));
            }
        });
        return targets.stream().filter(target -> !allowingEntries.contains(target)).toList();
    }

    /** When traffic that {@code target} allows was last seen, if it was seen at all. */
    public static Optional<Instant> lastUse(String target, Map<String, Instant> lastSeen) {
        return lastSeen.entrySet().stream()
                .filter(seen -> entriesAllowing(normalise(seen.getKey())).contains(target))
                .map(Map.Entry::getValue)
                .max(Instant::compareTo);
    }

    /** {@code a.b.c} is allowed by {@code a.b.c}, {@code .a.b.c}, {@code .b.c} and {@code .c}. */
    static Set<String> entriesAllowing(String name) {
        Set<String> entries = new HashSet<>();
        if (name.isEmpty()) {
            return entries;
        }
        entries.add(name);
        for (String suffix = name; ; suffix = suffix.substring(suffix.indexOf('.') + 1)) {
            entries.add("." + suffix);
            if (suffix.indexOf('.') < 0) {
                return entries;
            }
        }
    }

    /** Report names may carry capitals, a trailing dot (FQDN form) or an HTTP Host port. */
    static String normalise(String name) {
        String lower = name.strip().toLowerCase(java.util.Locale.ROOT);
        int colon = lower.indexOf(':');
        if (colon >= 0) {
            lower = lower.substring(0, colon);
        }
        while (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        while (lower.startsWith(".")) {
            lower = lower.substring(1);
        }
        return lower;
    }
}
