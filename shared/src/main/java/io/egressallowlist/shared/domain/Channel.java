package io.egressallowlist.shared.domain;

/** Through what a person or the system acted; recorded with every decision and audit event. */
public enum Channel {
    API,
    SLACK,
    SCHEDULE,
    SYSTEM
}
