package io.egressallowlist.shared.domain;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One allow-list: its own rule group (whose {@code HOME_NET} is the scope's SageMaker subnets), its own policy
 * (approvers, quorum, deny and auto-approve rules, durations), capacity and version log, and the Studio domains whose
 * people it serves. {@link ScopeName#GLOBAL} serves no Studio domain of its own: it applies to all of them.
 *
 * @param ruleGroupArn    the scope's rule group; its version log is named after it
 * @param capacity        the rule group's capacity, fixed when it was created
 * @param studioDomainIds the Studio domains ({@code d-…}) whose users request in this scope by default
 * @param initialMode     the mode before the scope's first version
 * @param studioSubnetIds the scope's SageMaker subnets ({@code subnet-…}), in which its Studio domains run their apps
 */
public record Scope(ScopeName name, String ruleGroupArn, int capacity, Set<String> studioDomainIds,
                    ScopeMode initialMode, Policy policy, Set<String> studioSubnetIds) {

    /** A scope whose subnets are not declared. */
    public Scope(ScopeName name, String ruleGroupArn, int capacity, Set<String> studioDomainIds,
                 ScopeMode initialMode, Policy policy) {
        this(name, ruleGroupArn, capacity, studioDomainIds, initialMode, policy, Set.of());
    }

    public Scope {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ruleGroupArn, "ruleGroupArn");
        Objects.requireNonNull(initialMode, "initialMode");
        Objects.requireNonNull(policy, "policy");
        studioDomainIds = Set.copyOf(new TreeSet<>(studioDomainIds == null ? Set.of() : studioDomainIds));
        studioSubnetIds = Set.copyOf(new TreeSet<>(studioSubnetIds == null ? Set.of() : studioSubnetIds));
        if (capacity < 0) {
            throw new IllegalArgumentException("scope " + name + ": the capacity must not be negative, was " + capacity);
        }
        if (name.isGlobal() && !studioDomainIds.isEmpty()) {
            throw new IllegalArgumentException("scope global applies to every Studio domain; it cannot own "
                    + studioDomainIds + ": give them to a team scope");
        }
    }

    /** The rule group's capacity, when it is known (0 = unknown: no capacity warnings). */
    public java.util.Optional<RuleGroupCapacity> ruleGroupCapacity() {
        return capacity == 0 ? java.util.Optional.empty() : java.util.Optional.of(new RuleGroupCapacity(capacity, 2));
    }

    /** The rule group's name: the last part of its ARN ({@code …:stateful-rulegroup/<name>}). */
    public String ruleGroupName() {
        int slash = ruleGroupArn.lastIndexOf('/');
        return slash < 0 ? ruleGroupArn : ruleGroupArn.substring(slash + 1);
    }
}
