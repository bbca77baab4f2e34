package io.egressallowlist.shared.domain;

/**
 * A change a request asks the reconciler to make to the allow-list. A request carries its intent from
 * the decision until a version that reflects it has been applied to the firewall; the reconciler reads
 * nothing else (ARCHITECTURE §6, step 1).
 */
public enum Intent {
    /** Add the request's target (an approved DOMAIN request). */
    ADD,
    /** Remove the request's target (a grant that expired or was revoked). */
    REMOVE,
    /** Replace the whole list with the targets of an earlier version (an approved ROLLBACK request). */
    ROLLBACK
}
