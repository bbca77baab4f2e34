package io.egressallowlist.shared.cleanup;

/** What cleanup does with an entry that saw no traffic ({@code STALE_ACTION}). */
public enum StaleAction {
    /** Tell the channel and publish {@code Stale Entries Found}; change nothing. */
    FLAG,
    /**
     * Also expire the grant that holds the entry, so the reconciler removes it. Entries no request holds
     * (the baseline, adopted drift) are only flagged: nobody asked for them through the control plane,
     * so nobody would be told.
     */
    REMOVE
}
