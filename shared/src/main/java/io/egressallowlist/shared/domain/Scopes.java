package io.egressallowlist.shared.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every scope of a deployment, in declaration order (which is also their rule groups' order in the firewall policy,
 * after {@code global}). A deployment that declares none has one, {@link ScopeName#DEFAULT}.
 *
 * <p>Checked when built: names and rule groups are unique, each Studio domain belongs to exactly one scope, and there
 * are at most {@link #MAX_PER_POLICY}, AWS's fixed limit of stateful rule groups in one firewall policy.
 */
public final class Scopes {

    /** Network Firewall: at most 20 stateful rule groups per firewall policy, not adjustable (aws-api-notes §9). */
    public static final int MAX_PER_POLICY = 20;

    /** Words {@code GET /blocked?scope=} gives a meaning of its own. */
    private static final Set<String> RESERVED = Set.of("mine", "all");

    private final Map<ScopeName, Scope> byName = new LinkedHashMap<>();
    private final Map<String, Scope> byStudioDomain = new HashMap<>();

    private Scopes(List<Scope> scopes) {
        List<String> problems = new ArrayList<>();
        if (scopes.isEmpty()) {
            problems.add("no scope is declared");
        }
        if (scopes.size() > MAX_PER_POLICY) {
            problems.add(scopes.size() + " scopes are declared, but a firewall policy holds at most " + MAX_PER_POLICY
                    + " stateful rule groups (an AWS limit that cannot be raised): merge scopes");
        }
        Map<String, ScopeName> ruleGroups = new HashMap<>();
        for (Scope scope : scopes) {
            if (RESERVED.contains(scope.name().value())) {
                problems.add("a scope cannot be called " + scope.name() + ": GET /blocked?scope= reads 'mine' and 'all'"
                        + " as the caller's own and everyone's attempts");
            }
            if (byName.putIfAbsent(scope.name(), scope) != null) {
                problems.add("scope " + scope.name() + " is declared twice");
            }
            ScopeName sharing = ruleGroups.putIfAbsent(scope.ruleGroupArn(), scope.name());
            if (sharing != null && !scope.ruleGroupArn().isEmpty()) {
                problems.add("scopes " + sharing + " and " + scope.name() + " share the rule group "
                        + scope.ruleGroupArn() + ": each scope needs its own");
            }
            for (String domain : scope.studioDomainIds()) {
                Scope owner = byStudioDomain.putIfAbsent(domain, scope);
                if (owner != null) {
                    problems.add("Studio domain " + domain + " belongs to both " + owner.name() + " and "
                            + scope.name() + ": a Studio domain belongs to exactly one scope");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public static Scopes of(List<Scope> scopes) {
        return new Scopes(List.copyOf(scopes));
    }

    /** A deployment without declared scopes: its one list. */
    public static Scopes single(Scope scope) {
        return new Scopes(List.of(scope));
    }

    /** In declaration order. */
    public List<Scope> all() {
        return List.copyOf(byName.values());
    }

    public List<ScopeName> names() {
        return List.copyOf(byName.keySet());
    }

    public Optional<Scope> find(ScopeName name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The scope called {@code name}; {@link UnknownScopeException} naming the scopes there are otherwise. */
    public Scope get(ScopeName name) {
        Scope scope = byName.get(name);
        if (scope == null) {
            throw new UnknownScopeException(name, names());
        }
        return scope;
    }

    /** The scope serving the people of a Studio domain, if one does. */
    public Optional<Scope> forStudioDomain(String studioDomainId) {
        return Optional.ofNullable(byStudioDomain.get(studioDomainId));
    }

    public Optional<Scope> global() {
        return find(ScopeName.GLOBAL);
    }

    /**
     * The approvers of any scope, together: who may read what concerns every scope, such as the audit trail (an
     * approver of one team reads the decisions of all, as the record of who changed what).
     */
    public Approvers anyScopesApprovers() {
        Set<SlackUserId> users = new TreeSet<>(java.util.Comparator.comparing(SlackUserId::value));
        Set<SlackUserGroupId> groups = new TreeSet<>(java.util.Comparator.comparing(SlackUserGroupId::value));
        byName.values().forEach(scope -> {
            users.addAll(scope.policy().approvers().users());
            groups.addAll(scope.policy().approvers().groups());
        });
        return new Approvers(users, groups);
    }

    /** Whether this deployment has only one list (no scopes declared, or only one). */
    public boolean isSingle() {
        return byName.size() == 1;
    }

    /** No scope of that name exists; the message lists those that do. */
    public static final class UnknownScopeException extends IllegalArgumentException {
        private final ScopeName name;

        public UnknownScopeException(ScopeName name, List<ScopeName> known) {
            super("there is no scope " + name + "; the scopes are " + known.stream().map(ScopeName::value).toList());
            this.name = name;
        }

        public ScopeName name() {
            return name;
        }
    }
}
