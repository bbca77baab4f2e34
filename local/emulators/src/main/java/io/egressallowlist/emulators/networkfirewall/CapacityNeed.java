package io.egressallowlist.emulators.networkfirewall;

/**
 * The capacity a rule group's rules consume, with how it was worked out, for messages a person can check.
 *
 * @param units       capacity units consumed
 * @param explanation e.g. {@code ALLOWLIST: 99 targets × 1 target type + 1 target type}
 */
record CapacityNeed(long units, String explanation) {

    int unitsAsInt() {
        return (int) Math.min(units, Integer.MAX_VALUE);
    }
}
