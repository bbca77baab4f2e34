package io.egressallowlist.shared.domain;

/**
 * Capacity of an ALLOWLIST domain-list rule group.
 *
 * <p>Network Firewall generates one pass rule per target per target type plus one drop rule per
 * target type, so the group consumes {@code targets × targetTypes + targetTypes} (aws-api-notes
 * §1.5; measured by a third party, consistent with the generated rules in §1.4). Capacity is fixed
 * when the group is created and may not exceed 30,000, so with TLS_SNI and HTTP_HOST the largest
 * group holds 14,999 targets.
 */
public record RuleGroupCapacity(int capacity, int targetTypes) {

    /** The largest capacity a stateful rule group may have; not adjustable (aws-api-notes §1.5). */
    public static final int MAX_CAPACITY = 30_000;

    public RuleGroupCapacity {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    "Rule group capacity must be between 1 and " + MAX_CAPACITY + ", was " + capacity + ".");
        }
        if (targetTypes < 1) {
            throw new IllegalArgumentException(
                    "A domain list needs at least one target type (TLS_SNI, HTTP_HOST), was " + targetTypes + ".");
        }
    }

    /** Capacity units the given number of targets consumes in an enforced domain list ({@link RuleGroupForm}). */
    public long consumedBy(int targets) {
        if (targets < 0) {
            throw new IllegalArgumentException("The number of targets cannot be negative, was " + targets + ".");
        }
        return RuleGroupForm.DOMAIN_LIST.capacityNeeded(targets, targetTypes, ScopeMode.ENFORCE);
    }

    public boolean fits(int targets) {
        return consumedBy(targets) <= capacity;
    }

    public int maxTargets() {
        return RuleGroupForm.DOMAIN_LIST.maxTargets(capacity, targetTypes, ScopeMode.ENFORCE);
    }

    public static boolean fits(int targets, int targetTypes, int capacity) {
        return new RuleGroupCapacity(capacity, targetTypes).fits(targets);
    }

    public static int maxTargets(int capacity, int targetTypes) {
        return new RuleGroupCapacity(capacity, targetTypes).maxTargets();
    }
}
