package io.egressallowlist.emulators.networkfirewall;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A change someone other than the caller makes to the {@code Targets} of a domain-list rule group: an
 * operator in the console (drift) or a concurrent writer in a token race. Every edit gives the rule group
 * a new UpdateToken, even {@link Unchanged}, as any successful write does (aws-api-notes §1.2).
 */
public sealed interface TargetEdit {

    /** The targets after the edit, in order. */
    List<String> apply(List<String> current);

    static TargetEdit unchanged() {
        return new Unchanged();
    }

    static TargetEdit replaceWith(List<String> targets) {
        return new Replace(targets);
    }

    static TargetEdit add(List<String> targets) {
        return new Add(targets);
    }

    static TargetEdit remove(List<String> targets) {
        return new Remove(targets);
    }

    /** Rewrites the rule group as it is; only the token changes. */
    record Unchanged() implements TargetEdit {
        @Override
        public List<String> apply(List<String> current) {
            return List.copyOf(current);
        }
    }

    /** Replaces all targets. */
    record Replace(List<String> targets) implements TargetEdit {
        public Replace {
            targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
        }

        @Override
        public List<String> apply(List<String> current) {
            return targets;
        }
    }

    /** Appends the targets not already present. */
    record Add(List<String> targets) implements TargetEdit {
        public Add {
            targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
        }

        @Override
        public List<String> apply(List<String> current) {
            LinkedHashSet<String> result = new LinkedHashSet<>(current);
            result.addAll(targets);
            return List.copyOf(result);
        }
    }

    /** Removes every occurrence of the targets. */
    record Remove(List<String> targets) implements TargetEdit {
        public Remove {
            targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
        }

        @Override
        public List<String> apply(List<String> current) {
            List<String> result = new ArrayList<>(current);
            result.removeAll(targets);
            return List.copyOf(result);
        }
    }
}
