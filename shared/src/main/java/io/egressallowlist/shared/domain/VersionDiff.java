package io.egressallowlist.shared.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What changed between two target lists. Both inputs must be sorted and free of duplicates (as every
 * {@link AllowlistVersion} is); the diff is a single linear merge, so it stays cheap at 15,000 targets.
 */
public record VersionDiff(List<String> added, List<String> removed) {

    public VersionDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    public static VersionDiff between(List<String> from, List<String> to) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < from.size() || j < to.size()) {
            int order = i == from.size() ? 1 : j == to.size() ? -1 : from.get(i).compareTo(to.get(j));
            if (order < 0) {
                removed.add(from.get(i++));
            } else if (order > 0) {
                added.add(to.get(j++));
            } else {
                i++;
                j++;
            }
        }
        return new VersionDiff(added, removed);
    }

    public static VersionDiff between(Collection<String> from, Collection<String> to) {
        return between(AllowlistVersion.sortedTargets(from), AllowlistVersion.sortedTargets(to));
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty();
    }

    /** "+2 −1", for messages. */
    public String summary() {
        return "+" + added.size() + " \u2212" + removed.size();
    }
}
