package io.egressallowlist.shared.reconcile;

/** What the reconciler does when the live rule group differs from the last applied version. */
public enum DriftMode {
    /** Record and alert, then write the intended targets back (the default). */
    ENFORCE,
    /** Record and alert, then take the live targets as a new version and build on them. */
    ADOPT
}
