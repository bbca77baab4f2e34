package io.egressallowlist.shared.domain;

import java.util.List;
import java.util.Objects;

/**
 * A scope's rule group, as the reconciler sees it: its entries and mode. Implemented by
 * {@code firewall.NetworkFirewallRuleGroup}, which writes it in its {@link RuleGroupForm}.
 */
public interface RuleGroupGateway {

    /**
     * What the rule group holds now, with the token needed to change it.
     *
     * <p>Content the gateway did not write and cannot read back as entries and a mode (rules edited by hand) is
     * reported as one target starting with {@link #UNRECOGNISED}: it equals no approved list, so the reconciler
     * sees drift, and it is never a name a rule can be written for.
     */
    record LiveRuleGroup(List<String> targets, String updateToken, int capacity, int targetTypeCount, ScopeMode mode,
                         RuleGroupForm form) {

        /** The start of the one target that stands for content the gateway cannot read. */
        public static final String UNRECOGNISED = "(unrecognised rule group content) ";

        public LiveRuleGroup {
            targets = List.copyOf(targets);
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(form, "form");
        }

        /** An enforced domain list. */
        public LiveRuleGroup(List<String> targets, String updateToken, int capacity, int targetTypeCount) {
            this(targets, updateToken, capacity, targetTypeCount, ScopeMode.ENFORCE, RuleGroupForm.DOMAIN_LIST);
        }

        /** Whether the gateway read the content as entries and a mode. */
        public boolean recognised() {
            return targets.stream().noneMatch(target -> target.startsWith(UNRECOGNISED));
        }

        /** Capacity units {@code targetCount} entries would take in {@code inMode}, written in this group's form. */
        public long capacityNeeded(int targetCount, ScopeMode inMode) {
            return form.capacityNeeded(targetCount, targetTypeCount, inMode);
        }

        /** The same group with {@code sortedTargets} in place of its targets (the reconciler's sorted copy). */
        public LiveRuleGroup withTargets(List<String> sortedTargets) {
            return new LiveRuleGroup(sortedTargets, updateToken, capacity, targetTypeCount, mode, form);
        }
    }

    LiveRuleGroup describe();

    /**
     * Writes {@code targets} in {@code mode}, keeping every other part of the rule group ({@code HOME_NET}, rule
     * options, description, encryption), if it has not changed since the describe that returned {@code updateToken}.
     * Returns the new token.
     *
     * A refusal — entries over the capacity, a target that cannot be written as a rule, a mode the form has
     * not — changes nothing and is never a {@link StaleTokenException}.
     *
     * @throws StaleTokenException when another writer changed the group in between (aws-api-notes §1.2)
     */
    String replace(String updateToken, List<String> targets, ScopeMode mode);

    /** The rule group changed since it was described; describe again and retry. */
    final class StaleTokenException extends RuntimeException {
        public StaleTokenException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
