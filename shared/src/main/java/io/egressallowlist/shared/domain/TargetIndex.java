package io.egressallowlist.shared.domain;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Answers "which entry of this list allows that name?" over a list of canonical targets without
 * parsing them: a name is covered by itself (exact entries) or by a wildcard entry over itself or one
 * of its ancestors (aws-api-notes §1.4), so a lookup costs one hash probe per label, even at 15,000
 * entries. The targets come from versions, which only ever hold validated {@link DomainName} targets.
 */
public final class TargetIndex {

    private final Set<String> targets;

    private TargetIndex(Set<String> targets) {
        this.targets = targets;
    }

    public static TargetIndex of(Collection<String> targets) {
        return new TargetIndex(new HashSet<>(targets));
    }

    /** The entry that allows {@code name}, preferring the most specific one. */
    public Optional<String> coveringEntry(DomainName name) {
        if (!name.isWildcard() && targets.contains(name.target())) {
            return Optional.of(name.target());
        }
        for (String base : Matching.selfAndAncestors(name.baseName())) {
            String wildcard = "." + base;
            if (targets.contains(wildcard)) {
                return Optional.of(wildcard);
            }
        }
        return Optional.empty();
    }

    public boolean contains(String target) {
        return targets.contains(target);
    }
}
