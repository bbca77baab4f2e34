package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.Policy;
import io.egressallowlist.shared.domain.RuleGroupCapacity;
import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.Scopes;
import io.egressallowlist.shared.domain.VersionLog;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the request use cases read of each scope: its policy (approvers, quorum, deny and auto-approve rules,
 * durations), its rule group's capacity and its version log. Each is asked for by scope name and is that scope's
 * alone; an unknown name throws {@link Scopes.UnknownScopeException}, so ask {@link #scopes()} first.
 */
public interface ScopeViews {

    /** Every scope of the deployment. */
    Scopes scopes();

    /** The version log of {@code scope}'s rule group. */
    VersionLog versions(ScopeName scope);

    default Policy policy(ScopeName scope) {
        return scopes().get(scope).policy();
    }

    /** The capacity of {@code scope}'s rule group, when known: new requests then warn when its list is full. */
    default Optional<RuleGroupCapacity> capacity(ScopeName scope) {
        return scopes().get(scope).ruleGroupCapacity();
    }

    /** The declared {@code scopes}, each with the version log {@code versions} gives for it (built once per scope). */
    static ScopeViews of(Scopes scopes, Function<ScopeName, VersionLog> versions) {
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(versions, "versions");
        return new ScopeViews() {
            @Override
            public Scopes scopes() {
                return scopes;
            }

            @Override
            public VersionLog versions(ScopeName scope) {
                scopes.get(scope);
                return versions.apply(scope);
            }
        };
    }

    /**
     * A deployment with one list, {@link ScopeName#DEFAULT}: its version log, policy and capacity (both target
     * types, as the stack creates the domain list).
     */
    static ScopeViews single(VersionLog versions, Policy policy, Optional<RuleGroupCapacity> capacity) {
        return of(Scopes.single(new Scope(ScopeName.DEFAULT, "", capacity.map(RuleGroupCapacity::capacity).orElse(0),
                Set.of(), ScopeMode.ENFORCE, policy)), scope -> versions);
    }
}
