package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.RuleGroupCapacity;
import io.egressallowlist.shared.domain.RuleGroupGateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * A domain-list rule group in memory, with the semantics of {@code firewall.NetworkFirewallRuleGroup} on
 * Network Firewall (both run {@code RuleGroupGatewayContract}): every change, ours or another writer's,
 * issues a new {@code UpdateToken} and an update with any other token is refused with
 * {@link StaleTokenException} (aws-api-notes §1.2); a target list that needs more than the fixed capacity
 * ({@code targets × types + types}, §1.5) is refused and changes nothing. Tokens are UUIDs from a counter,
 * so runs are repeatable. Thread-safe.
 */
public final class InMemoryRuleGroup implements RuleGroupGateway {

    private final RuleGroupCapacity capacity;
    private List<String> targets;
    private long tokens;
    private String updateToken;
    private long successfulUpdates;

    /** A group of {@code capacity} units inspecting {@code targetTypes} types (TLS_SNI and HTTP_HOST: 2). */
    public InMemoryRuleGroup(int capacity, int targetTypes, Collection<String> targets) {
        this.capacity = new RuleGroupCapacity(capacity, targetTypes);
        this.targets = fitting(targets);
        this.updateToken = nextToken();
    }

    /** TLS_SNI and HTTP_HOST, as the control plane's rule group inspects. */
    public static InMemoryRuleGroup withBothTargetTypes(int capacity, Collection<String> targets) {
        return new InMemoryRuleGroup(capacity, 2, targets);
    }

    @Override
    public synchronized LiveRuleGroup describe() {
        return new LiveRuleGroup(targets, updateToken, capacity.capacity(), capacity.targetTypes());
    }

    @Override
    public synchronized String replaceTargets(String token, List<String> newTargets) {
        if (!updateToken.equals(token)) {
            throw new StaleTokenException("the rule group changed since it was described", null);
        }
        targets = fitting(newTargets);
        successfulUpdates++;
        updateToken = nextToken();
        return updateToken;
    }

    /** Another writer (the console) replaces the targets: the content and the token change. */
    public synchronized void changeOutOfBand(Collection<String> edited) {
        targets = fitting(edited);
        updateToken = nextToken();
    }

    /** Another writer (the console) adds targets: the content and the token change. */
    public synchronized void addOutOfBand(String... added) {
        List<String> edited = new ArrayList<>(targets);
        edited.addAll(List.of(added));
        changeOutOfBand(edited);
    }

    /** Another writer (the console) removes targets: the content and the token change. */
    public synchronized void removeOutOfBand(String... removed) {
        List<String> edited = new ArrayList<>(targets);
        edited.removeAll(List.of(removed));
        changeOutOfBand(edited);
    }

    /** The targets the firewall enforces now. */
    public synchronized List<String> targets() {
        return targets;
    }

    /** Updates made through {@link #replaceTargets}, as the emulator counts {@code UpdateRuleGroup} calls that changed it. */
    public synchronized long successfulUpdates() {
        return successfulUpdates;
    }

    private List<String> fitting(Collection<String> candidate) {
        if (!capacity.fits(candidate.size())) {
            throw new IllegalArgumentException("the rule group needs " + capacity.consumedBy(candidate.size())
                    + " capacity units (" + candidate.size() + " targets × " + capacity.targetTypes()
                    + " target types + " + capacity.targetTypes() + ") but its capacity is " + capacity.capacity());
        }
        return List.copyOf(candidate);
    }

    private String nextToken() {
        return new UUID(0, ++tokens).toString();
    }
}
