package io.egressallowlist.shared.domain;

/** Whether a version has reached the firewall. */
public enum ApplyStatus {
    /** Appended to the log, not yet written to the rule group. */
    PENDING,
    /** Written to the rule group (UpdateRuleGroup succeeded or the live group already matched). */
    APPLIED,
    /** Never applied: a later version, appended before it reached the firewall, contains its changes. */
    SUPERSEDED
}
