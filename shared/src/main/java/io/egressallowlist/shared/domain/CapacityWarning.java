package io.egressallowlist.shared.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A warning that the allow-list is full or nearly so: an approved request then waits until entries leave (the
 * reconciler refuses a version over the rule group's fixed capacity), so the requester and approvers hear it
 * when the request is made.
 *
 * @param code      {@code LIST_FULL} (no entry left) or {@code CAPACITY_LOW}
 * @param message   for people
 * @param remaining entries the rule group can still take (0 when full)
 */
public record CapacityWarning(Code code, String message, int remaining) {

    public enum Code { CAPACITY_LOW, LIST_FULL }

    /** Below this share of the largest list (or below {@link #LOW_ENTRIES} entries, if more) a list is nearly full. */
    static final double LOW_SHARE = 0.05;
    static final int LOW_ENTRIES = 10;

    public CapacityWarning {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (remaining < 0) {
            throw new IllegalArgumentException("remaining cannot be negative, was " + remaining);
        }
    }

    /**
     * The warning for a list of {@code entries} targets (those applied and those approved but not applied yet) in a
     * rule group of {@code capacity}; empty while more than 5% of the largest list (and at least 10 entries) is left.
     */
    public static Optional<CapacityWarning> of(RuleGroupCapacity capacity, int entries) {
        return of(capacity.maxTargets(), entries);
    }

    /** As {@link #of(RuleGroupCapacity, int)}, for a group that holds at most {@code max} entries. */
    public static Optional<CapacityWarning> of(int max, int entries) {
        int remaining = Math.max(0, max - entries);
        if (remaining == 0) {
            return Optional.of(new CapacityWarning(Code.LIST_FULL, "The allow-list is full: its rule group holds at most "
                    + max + " entries and " + entries + " are in use or approved. An approved request waits until"
                    + " entries are removed (revoke grants that are no longer needed, or let them expire).", 0));
        }
        int threshold = Math.max(LOW_ENTRIES, (int) Math.ceil(max * LOW_SHARE));
        if (remaining < threshold) {
            return Optional.of(new CapacityWarning(Code.CAPACITY_LOW, "The allow-list is nearly full: " + remaining
                    + " of " + max + " entries left.", remaining));
        }
        return Optional.empty();
    }
}
