package io.egressallowlist.shared.domain;

/** What a request asks for. */
public enum RequestKind {
    /** Add one domain target to the allow-list for a while. */
    DOMAIN,
    /** Make the allow-list equal to an earlier version again (history is never rewritten). */
    ROLLBACK,
    /** Switch a scope between learning and enforcing ({@link ScopeMode}); applied as a version whose mode changes. */
    MODE
}
