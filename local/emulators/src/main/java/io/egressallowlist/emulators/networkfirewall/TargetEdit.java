package io.egressallowlist.emulators.networkfirewall;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A change someone other than the caller makes to the {@code Targets} of a domain-list rule group: an
 * operator in the console (drift) or a concurrent writer in a token race. Every edit gives the rule group
 * a new UpdateToken, even {@link #unchanged()}, as any successful write does (aws-api-notes §1.2).
 */
@FunctionalInterface
public interface TargetEdit {

    /** Rewrites the rule group as it is; only the token changes (the one edit any rule group type accepts). */
    TargetEdit UNCHANGED = List::copyOf;

    /** The targets after the edit, in order. */
    List<String> apply(List<String> current);

    /** False only for {@link #unchanged()}. */
    default boolean changesTargets() {
        return this != UNCHANGED;
    }

    static TargetEdit unchanged() {
        return UNCHANGED;
    }

    /** Replaces all targets. */
    static TargetEdit replaceWith(List<String> targets) {
        List<String> replacement = List.copyOf(targets);
        return current -> replacement;
    }

    /** Appends the targets not already present. */
    static TargetEdit add(List<String> targets) {
        List<String> added = List.copyOf(targets);
        return current -> {
            LinkedHashSet<String> result = new LinkedHashSet<>(current);
            result.addAll(added);
            return List.copyOf(result);
        };
    }

    /** Removes every occurrence of the targets. */
    static TargetEdit remove(List<String> targets) {
        List<String> removed = List.copyOf(targets);
        return current -> {
            List<String> result = new ArrayList<>(current);
            result.removeAll(removed);
            return List.copyOf(result);
        };
    }
}
