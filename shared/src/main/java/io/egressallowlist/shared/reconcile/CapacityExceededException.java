package io.egressallowlist.shared.reconcile;

/** The intended targets do not fit the rule group's fixed capacity; no version was appended. */
public final class CapacityExceededException extends ReconcileException {
    private final int needed;
    private final int available;

    public CapacityExceededException(int targets, int needed, int available) {
        super("the allow-list would need capacity " + needed + " for " + targets + " targets, but the rule group"
                + " has capacity " + available + " (capacity is fixed when a rule group is created). Remove entries"
                + " or deny pending requests; no version was created.");
        this.needed = needed;
        this.available = available;
    }

    public int needed() {
        return needed;
    }

    public int available() {
        return available;
    }
}
