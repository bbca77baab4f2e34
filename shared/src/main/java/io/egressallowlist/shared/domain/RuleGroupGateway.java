package io.egressallowlist.shared.domain;

import java.util.List;

/**
 * The firewall's domain-list rule group, as the reconciler sees it. Implemented by
 * {@code firewall.NetworkFirewallRuleGroup}.
 */
public interface RuleGroupGateway {

    /** What the rule group holds now, with the token needed to change it. */
    record LiveRuleGroup(List<String> targets, String updateToken, int capacity, int targetTypeCount) {
        public LiveRuleGroup {
            targets = List.copyOf(targets);
        }
    }

    LiveRuleGroup describe();

    /**
     * Replaces the targets, keeping every other part of the rule group, if it has not changed since the
     * describe that returned {@code updateToken}. Returns the new token.
     *
     * @throws StaleTokenException when another writer changed the group in between (aws-api-notes §1.2)
     */
    String replaceTargets(String updateToken, List<String> targets);

    /** The rule group changed since it was described; describe again and retry. */
    final class StaleTokenException extends RuntimeException {
        public StaleTokenException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
