package io.egressallowlist.shared.domain;

import java.util.regex.Pattern;

/**
 * How a scope's rule group is written, and so how much capacity its entries take (aws-api-notes §1.4, §1.5).
 * Under strict order the first group whose rule matches decides, so two ALLOWLIST groups covering one source
 * cannot add up: the first one's drop would win. Hence a team scope is a domain list and the organisation-wide
 * scope, evaluated first, passes its entries and lets every other flow fall through.
 */
public enum RuleGroupForm {
    /**
     * A team scope: in {@link ScopeMode#ENFORCE} a domain list, {@code ALLOWLIST}, which passes its entries and drops
     * every other flow of its protocols ({@code n × t + t} units: a pass rule per entry and type, a drop rule per
     * type); in {@link ScopeMode#LEARN} Suricata rules: the same pass rules, then an {@code alert} and a {@code pass}
     * rule per type for every other flow ({@code n × t + 2t}).
     */
    DOMAIN_LIST,
    /** The organisation-wide scope: Suricata pass rules only, one per entry and type ({@code n × t}); it never learns. */
    PASS_RULES;

    /** The form of {@code scope}'s rule group: {@code global}'s passes, every other scope's is a domain list. */
    public static RuleGroupForm of(ScopeName scope) {
        return scope.isGlobal() ? PASS_RULES : DOMAIN_LIST;
    }

    /**
     * What a Suricata rule may name inside its {@code content:"…"}: a lowercase DNS name, optionally with a leading
     * dot, at most 254 characters; nothing that could end the string, the option or the rule ({@code "}, {@code ;},
     * {@code \}, {@code |}, a line break).
     */
    private static final Pattern WRITABLE = Pattern.compile("\\.?[a-z0-9_][a-z0-9_-]*(?:\\.[a-z0-9_-]+)*");

    /** Whether {@code target} can be written into a Suricata rule (the forms other than an enforced domain list). */
    public static boolean writableAsRule(String target) {
        return target != null && target.length() <= 254 && WRITABLE.matcher(target).matches();
    }

    /** Capacity units {@code targets} entries take over {@code targetTypes} protocols in {@code mode}. */
    public long capacityNeeded(int targets, int targetTypes, ScopeMode mode) {
        if (targets < 0 || targetTypes < 1) {
            throw new IllegalArgumentException("targets must be >= 0 and target types >= 1, got " + targets
                    + " and " + targetTypes);
        }
        long passRules = (long) targets * targetTypes;
        if (this == PASS_RULES) {
            return passRules;
        }
        return mode == ScopeMode.LEARN ? passRules + 2L * targetTypes : passRules + targetTypes;
    }

    /** The most entries a group of {@code capacity} holds over {@code targetTypes} protocols in {@code mode}. */
    public int maxTargets(int capacity, int targetTypes, ScopeMode mode) {
        long fixed = capacityNeeded(0, targetTypes, mode);
        return (int) Math.max(0, (capacity - fixed) / targetTypes);
    }
}
