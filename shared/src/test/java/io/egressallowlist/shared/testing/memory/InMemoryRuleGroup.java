package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.RuleGroupCapacity;
import io.egressallowlist.shared.domain.RuleGroupForm;
import io.egressallowlist.shared.domain.RuleGroupGateway;
import io.egressallowlist.shared.domain.ScopeMode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A scope's rule group in memory, with the semantics of {@code firewall.NetworkFirewallRuleGroup} on Network
 * Firewall (both run {@code RuleGroupGatewayContract}): every change, ours or another writer's, issues a new
 * {@code UpdateToken} and an update with any other token is refused with {@link StaleTokenException}
 * (aws-api-notes §1.2); entries that need more than the fixed capacity in the group's {@link RuleGroupForm} and mode
 * (§1.5) are refused and change nothing, as are entries that cannot be written as rules where the form writes rules,
 * and learning in the organisation-wide form. Tokens are UUIDs from a counter, so runs are repeatable. Thread-safe.
 */
public final class InMemoryRuleGroup implements RuleGroupGateway {

    private final RuleGroupCapacity capacity;
    private final RuleGroupForm form;
    private List<String> targets;
    private ScopeMode mode = ScopeMode.ENFORCE;
    private boolean unreadable;
    private long tokens;
    private String updateToken;
    private long successfulUpdates;

    /** A domain list of {@code capacity} units inspecting {@code targetTypes} types (TLS_SNI and HTTP_HOST: 2). */
    public InMemoryRuleGroup(int capacity, int targetTypes, Collection<String> targets) {
        this(capacity, targetTypes, targets, RuleGroupForm.DOMAIN_LIST);
    }

    public InMemoryRuleGroup(int capacity, int targetTypes, Collection<String> targets, RuleGroupForm form) {
        this.capacity = new RuleGroupCapacity(capacity, targetTypes);
        this.form = Objects.requireNonNull(form, "form");
        this.targets = fitting(targets, ScopeMode.ENFORCE);
        this.updateToken = nextToken();
    }

    /** TLS_SNI and HTTP_HOST, as the control plane's rule group inspects. */
    public static InMemoryRuleGroup withBothTargetTypes(int capacity, Collection<String> targets) {
        return new InMemoryRuleGroup(capacity, 2, targets);
    }

    @Override
    public synchronized LiveRuleGroup describe() {
        List<String> described = unreadable ? List.of(LiveRuleGroup.UNRECOGNISED + "rules edited by hand") : targets;
        return new LiveRuleGroup(described, updateToken, capacity.capacity(), capacity.targetTypes(), mode, form);
    }

    @Override
    public synchronized String replace(String token, List<String> newTargets, ScopeMode newMode) {
        Objects.requireNonNull(newMode, "mode");
        if (!updateToken.equals(token)) {
            throw new StaleTokenException("the rule group changed since it was described", null);
        }
        targets = fitting(newTargets, newMode);
        mode = newMode;
        unreadable = false;
        successfulUpdates++;
        updateToken = nextToken();
        return updateToken;
    }

    /** Another writer (the console) replaces the targets: the content and the token change. */
    public synchronized void changeOutOfBand(Collection<String> edited) {
        targets = fitting(edited, mode);
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

    /** Another writer edits the rules into something the gateway cannot read back; the token changes. */
    public synchronized void makeUnreadableOutOfBand() {
        unreadable = true;
        updateToken = nextToken();
    }

    /** The targets the firewall enforces now. */
    public synchronized List<String> targets() {
        return targets;
    }

    /** The mode the rule group is written in now. */
    public synchronized ScopeMode mode() {
        return mode;
    }

    /** Updates made through {@link #replace}, as the emulator counts {@code UpdateRuleGroup} calls that changed it. */
    public synchronized long successfulUpdates() {
        return successfulUpdates;
    }

    private List<String> fitting(Collection<String> candidate, ScopeMode inMode) {
        if (form == RuleGroupForm.PASS_RULES && inMode == ScopeMode.LEARN) {
            throw new IllegalArgumentException("the organisation-wide scope's rule group cannot learn");
        }
        boolean asRules = form == RuleGroupForm.PASS_RULES || inMode == ScopeMode.LEARN;
        candidate.stream().filter(target -> asRules && !RuleGroupForm.writableAsRule(target)).findFirst().ifPresent(bad -> {
            throw new IllegalArgumentException("cannot write a firewall rule for '" + bad + "'");
        });
        long needed = form.capacityNeeded(candidate.size(), capacity.targetTypes(), inMode);
        if (needed > capacity.capacity()) {
            throw new IllegalArgumentException("the rule group needs " + needed + " capacity units (" + candidate.size()
                    + " targets as " + form + " in " + inMode + ") but its capacity is " + capacity.capacity());
        }
        return List.copyOf(candidate);
    }

    private String nextToken() {
        return new UUID(0, ++tokens).toString();
    }
}
