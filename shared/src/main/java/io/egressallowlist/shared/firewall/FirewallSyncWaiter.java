package io.egressallowlist.shared.firewall;

import io.egressallowlist.shared.domain.FirewallSyncCheck;
import io.egressallowlist.shared.domain.FirewallSyncCheck.Outcome;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.DescribeFirewallResponse;
import software.amazon.awssdk.services.networkfirewall.model.PerObjectStatus;
import software.amazon.awssdk.services.networkfirewall.model.PerObjectSyncStatus;
import software.amazon.awssdk.services.networkfirewall.model.SyncState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Waits, for a bounded time, until every endpoint of a firewall runs the current content of the rule
 * group (ARCHITECTURE §6 step 6). {@code DescribeFirewall} reports, per Availability Zone, a sync status
 * and the {@code UpdateToken} of each policy and rule group it holds, keyed by resource name; the rule
 * group is in sync when every zone reports {@code IN_SYNC} with the token the rule group has now
 * (aws-api-notes §1.6). Propagation normally takes seconds, so the wait is short and its outcome only
 * reported: a slow sync is not an error.
 */
public record FirewallSyncWaiter(NetworkFirewallClient client, Clock clock, Sleeper sleeper, Duration pollEvery) {

    /** Waits between polls; tests pass one that advances a clock instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Production settings: poll every second, sleeping for real. */
    public static FirewallSyncWaiter create(NetworkFirewallClient client) {
        return new FirewallSyncWaiter(client, Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()),
                Duration.ofSeconds(1));
    }

    /** The {@link FirewallSyncCheck} of {@code ruleGroup} on {@code firewallName}, waiting at most {@code timeout}. */
    public FirewallSyncCheck check(String firewallName, RuleGroupArn ruleGroup, Duration timeout) {
        return () -> awaitInSync(firewallName, ruleGroup, timeout);
    }

    /**
     * Waits until {@code firewallName} runs the current content of {@code ruleGroup}, or {@code timeout}
     * passes. Always makes at least one check.
     */
    public Outcome awaitInSync(String firewallName, RuleGroupArn ruleGroup, Duration timeout) {
        String token = client.describeRuleGroup(b -> b.ruleGroupArn(ruleGroup.arn())).updateToken();
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            DescribeFirewallResponse firewall = client.describeFirewall(b -> b.firewallName(firewallName));
            Outcome outcome = check(firewall, ruleGroup.name(), token);
            if (outcome != Outcome.STILL_PENDING || !clock.instant().plus(pollEvery).isBefore(deadline)) {
                return outcome;
            }
            try {
                sleeper.sleep(pollEvery);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.STILL_PENDING;
            }
        }
    }

    static Outcome check(DescribeFirewallResponse firewall, String ruleGroupName, String token) {
        if (firewall.firewallStatus() == null || !firewall.firewallStatus().hasSyncStates()
                || firewall.firewallStatus().syncStates().isEmpty()) {
            return Outcome.STILL_PENDING;
        }
        boolean seen = false;
        for (SyncState zone : firewall.firewallStatus().syncStates().values()) {
            Map<String, PerObjectStatus> config = zone.hasConfig() ? zone.config() : Map.of();
            PerObjectStatus status = config.get(ruleGroupName);
            if (status == null) {
                continue;
            }
            seen = true;
            if (status.syncStatus() != PerObjectSyncStatus.IN_SYNC || !token.equals(status.updateToken())) {
                return Outcome.STILL_PENDING;
            }
        }
        return seen ? Outcome.IN_SYNC : Outcome.NOT_ATTACHED;
    }
}
