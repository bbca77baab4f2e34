package io.egressallowlist.emulators.networkfirewall;

import java.util.List;

/** What the firewall would do with a flow, without sending it: see {@link NetworkFirewallEmulator#verdict}. */
public enum FlowVerdict {
    /** Passed, and no rule wrote an alert. */
    PASS,
    /** Dropped or rejected. */
    DROP,
    /** Passed, with an alert written on the way (a learning scope's rules, an alert-only default action). */
    ALERT_PASS;

    /** The verdict of the hits {@link FlowInspection#inspect} answered, the deciding one last. */
    static FlowVerdict of(List<RuleHit> hits) {
        if (hits.get(hits.size() - 1).action().blocks()) {
            return DROP;
        }
        return hits.stream().anyMatch(RuleHit::logged) ? ALERT_PASS : PASS;
    }
}
