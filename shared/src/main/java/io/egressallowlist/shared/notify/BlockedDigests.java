package io.egressallowlist.shared.notify;

/** Sends digests of blocked attempts (Slack: a direct message to a person, or a post to the approvals channel). */
public interface BlockedDigests {

    /**
     * Sends {@code digest}. Throws when it could not be sent; the caller then releases its claim, so the next run
     * sends it again.
     */
    void send(BlockedDigest digest);
}
