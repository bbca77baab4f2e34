package io.egressallowlist.shared.events;

/**
 * The event contracts on the control plane's custom bus (ARCHITECTURE §7). Payloads carry ids and
 * facts, never secrets or tokens.
 */
public final class EventTypes {

    /** Our events' {@code source}; custom sources must not start with {@code aws.} (aws-api-notes §4). */
    public static final String SOURCE = "egress.allowlist";

    public static final String REQUEST_SUBMITTED = "Request Submitted";
    public static final String REQUEST_APPROVED = "Request Approved";
    public static final String REQUEST_DENIED = "Request Denied";
    public static final String REQUEST_WITHDRAWN = "Request Withdrawn";
    /** An approver took back an active grant, or cancelled an approved request before it was applied. */
    public static final String REQUEST_REVOKED = "Request Revoked";
    public static final String ROLLBACK_REQUESTED = "Rollback Requested";
    public static final String ROLLBACK_APPROVED = "Rollback Approved";
    public static final String GRANT_EXPIRED = "Grant Expired";
    public static final String GRANT_RENEWED = "Grant Renewed";
    public static final String VERSION_CREATED = "Version Created";
    public static final String VERSION_APPLIED = "Version Applied";
    public static final String DRIFT_DETECTED = "Drift Detected";
    public static final String RECONCILE_FAILED = "Reconcile Failed";
    public static final String STALE_ENTRIES_FOUND = "Stale Entries Found";
    public static final String STUDIO_DOMAIN_NONCOMPLIANT = "Studio Domain Noncompliant";
    public static final String NETWORK_POSTURE_NONCOMPLIANT = "Network Posture Noncompliant";

    private EventTypes() {
    }
}
