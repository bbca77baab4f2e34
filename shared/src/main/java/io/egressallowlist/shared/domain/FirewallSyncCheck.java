package io.egressallowlist.shared.domain;

/**
 * Whether the firewall's endpoints run the rule group's current content yet (ARCHITECTURE §6 step 6):
 * a bounded wait whose outcome is reported, never an error. Implemented by
 * {@code firewall.FirewallSyncWaiter}.
 */
@FunctionalInterface
public interface FirewallSyncCheck {

    /** How the wait ended. */
    enum Outcome {
        /** Every endpoint runs the rule group's current content. */
        IN_SYNC,
        /** The timeout passed first; the endpoints will converge on their own. */
        STILL_PENDING,
        /** The firewall does not reference the rule group (wrong FIREWALL_NAME, or the policy lost it). */
        NOT_ATTACHED
    }

    /** Waits, for a bounded time, until every endpoint runs the rule group's current content. */
    Outcome awaitInSync();
}
