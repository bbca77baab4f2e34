package io.egressallowlist.shared.reconcile;

/**
 * The boundaries between the reconciler's steps. A {@link Reconciler.Checkpoints} hook is told when
 * each is reached; tests use it to stop a run there and prove the next run converges.
 */
public enum ReconcileStep {
    /** A new version has been appended to the log; the firewall is not yet updated. */
    AFTER_VERSION_APPEND,
    /** Requests carried by the new version are marked APPLYING. */
    AFTER_REQUESTS_MARKED_APPLYING,
    /** UpdateRuleGroup succeeded; the version is not yet marked applied. */
    AFTER_RULE_GROUP_UPDATE,
    /** The version is marked applied; its requests are not yet marked ACTIVE. */
    BEFORE_REQUESTS_MARKED_ACTIVE
}
