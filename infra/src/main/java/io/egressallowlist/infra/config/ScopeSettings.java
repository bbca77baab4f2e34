package io.egressallowlist.infra.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.Scopes;

/**
 * The scopes a deployment declares (context {@value #CONTEXT_KEY}): named allow-lists, each its own rule group in
 * the firewall policy. A team scope has its own SageMaker subnet per zone and its own Studio domain; the one
 * optional {@value #GLOBAL} scope applies to every workload before its team's list. Without the context the
 * deployment has exactly today's single list (the scope {@code default}) and an unchanged template:
 * {@link #none()}.
 *
 * <p>Limits checked here, so that the synth fails and not the deploy: a firewall policy references at most
 * {@value #MAX_PER_POLICY} stateful rule groups (Network Firewall quota, not adjustable); an account holds 50
 * stateful rule groups per Region by default (adjustable: {@value #QUOTA_KEY}); every group's capacity is fixed at
 * creation, at most 30,000.
 *
 * @param scopes         in declaration order (which is the team scopes' policy order); empty = no scopes declared
 * @param ruleGroupQuota  the account's quota of stateful rule groups per Region, as raised in Service Quotas
 * @param policyRuleQuota the capacity a firewall policy's stateful rule groups may hold together, as raised in Service
 *                        Quotas
 */
public record ScopeSettings(List<Scope> scopes, int ruleGroupQuota, int policyRuleQuota) {

    public static final String CONTEXT_KEY = "scopes";
    public static final String QUOTA_KEY = "ruleGroupQuota";
    public static final String GLOBAL = ScopeName.GLOBAL.value();
    public static final String DEFAULT = ScopeName.DEFAULT.value();
    /** Stateful rule groups one firewall policy may reference (Network Firewall quotas, not adjustable). */
    public static final int MAX_PER_POLICY = Scopes.MAX_PER_POLICY;
    /** Stateful rule groups per account and Region (Network Firewall quotas, adjustable). */
    public static final int DEFAULT_RULE_GROUP_QUOTA = 50;
    public static final String POLICY_RULES_KEY = "policyRuleQuota";
    /**
     * Stateful rules one firewall policy's rule groups hold together (Network Firewall quotas, adjustable;
     * aws-api-notes §1.5): 20 domain lists of 1,000 entries over TLS SNI and HTTP Host reserve 40,040 and do not fit.
     */
    public static final int DEFAULT_POLICY_RULE_QUOTA = 30_000;
    /** SageMaker's DomainId pattern (API model). */
    static final Pattern DOMAIN_ID = Pattern.compile("d-(-*[a-z0-9]){1,61}");
    static final String CREATE = "create";

    /**
     * One scope.
     *
     * @param studioDomain {@code create} (the Studio stack creates its domain), an existing domain id to adopt, or
     *                     empty for {@code global}
     * @param subnetCidrs  the scope's SageMaker subnet in each zone, zone by zone; empty for {@code global}
     * @param policyFile   where the policy was read from (for messages)
     * @param policyText   the scope's approval policy, validated
     * @param learning     created in learning form ({@code mode: learn}): its traffic passes and is recorded
     */
    public record Scope(String name, Optional<String> studioDomain, List<String> subnetCidrs, int capacity,
                        String policyFile, String policyText, boolean learning) {
        public Scope {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(studioDomain, "studioDomain");
            subnetCidrs = List.copyOf(subnetCidrs);
        }

        public boolean isGlobal() {
            return name.equals(GLOBAL);
        }

        /** The Studio stack creates this scope's domain (rather than adopting {@link #adoptedDomainId}). */
        public boolean createsStudioDomain() {
            return studioDomain.filter(CREATE::equals).isPresent();
        }

        public Optional<String> adoptedDomainId() {
            return studioDomain.filter(domain -> !domain.equals(CREATE));
        }
    }

    public ScopeSettings {
        scopes = List.copyOf(scopes);
        if (ruleGroupQuota < 1) {
            throw new IllegalArgumentException("Context '" + QUOTA_KEY + "' must be positive, was " + ruleGroupQuota + ".");
        }
        if (!scopes.isEmpty()) {
            requireValid(scopes, ruleGroupQuota);
            requireWithinPolicy(scopes, policyRuleQuota);
        }
    }

    /** With the policy's default capacity for stateful rules. */
    public ScopeSettings(List<Scope> scopes, int ruleGroupQuota) {
        this(scopes, ruleGroupQuota, DEFAULT_POLICY_RULE_QUOTA);
    }

    /** No scopes declared: today's single list. */
    public static ScopeSettings none() {
        return new ScopeSettings(List.of(), DEFAULT_RULE_GROUP_QUOTA);
    }

    public static ScopeSettings from(ContextValues context) {
        int quota = context.integer(QUOTA_KEY, DEFAULT_RULE_GROUP_QUOTA);
        int policyRules = context.integer(POLICY_RULES_KEY, DEFAULT_POLICY_RULE_QUOTA);
        List<Map<String, Object>> entries = context.objects(CONTEXT_KEY);
        List<Scope> scopes = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            scopes.add(ScopeEntry.parse(i + 1, entries.get(i), ScopeSettings::read));
        }
        return new ScopeSettings(scopes, quota, policyRules);
    }

    public boolean declared() {
        return !scopes.isEmpty();
    }

    /** The team scopes (every scope but {@code global}), in declaration order: the policy's order. */
    public List<Scope> teamScopes() {
        return scopes.stream().filter(scope -> !scope.isGlobal()).toList();
    }

    public Optional<Scope> global() {
        return scopes.stream().filter(Scope::isGlobal).findFirst();
    }

    /**
     * The scope whose rule group the functions' {@code RULE_GROUP_ARN} names (the scopes file names every scope's):
     * {@code default} when declared, else the first team scope.
     */
    public Scope primary() {
        return teamScopes().stream().filter(ScopeSettings::isDefault).findFirst().orElse(teamScopes().get(0));
    }

    /**
     * {@code default} keeps the single list's rule group: its name, its resource and so its version log, which is
     * named after the group. Any other scope gets a group of its own, never the single list's targets.
     */
    public static boolean isDefault(Scope scope) {
        return scope.name().equals(DEFAULT);
    }

    private static void requireValid(List<Scope> scopes, int quota) {
        Set<String> names = new HashSet<>();
        Set<String> domains = new HashSet<>();
        for (Scope scope : scopes) {
            if (!names.add(scope.name())) {
                throw new IllegalArgumentException("Context '" + CONTEXT_KEY + "' declares the scope '" + scope.name()
                        + "' twice; scope names are unique.");
            }
            scope.adoptedDomainId().ifPresent(domain -> {
                if (!domains.add(domain)) {
                    throw new IllegalArgumentException("Context '" + CONTEXT_KEY + "': the Studio domain " + domain
                            + " is given to two scopes; each Studio domain belongs to exactly one scope.");
                }
            });
        }
        if (scopes.stream().allMatch(Scope::isGlobal)) {
            throw new IllegalArgumentException("Context '" + CONTEXT_KEY + "' declares no team scope: '" + GLOBAL
                    + "' applies in addition to a team's list, so at least one team scope (with subnets and a Studio"
                    + " domain) is needed.");
        }
        if (scopes.size() > MAX_PER_POLICY) {
            throw new IllegalArgumentException("Context '" + CONTEXT_KEY + "' declares " + scopes.size() + " scopes, but"
                    + " a firewall policy references at most " + MAX_PER_POLICY + " stateful rule groups (AWS Network"
                    + " Firewall quota, not adjustable), and each scope is one. Merge scopes, or remove "
                    + (scopes.size() - MAX_PER_POLICY) + ".");
        }
        if (scopes.size() > quota) {
            throw new IllegalArgumentException("Context '" + CONTEXT_KEY + "' declares " + scopes.size() + " scopes, each"
                    + " a stateful rule group, but context '" + QUOTA_KEY + "' is " + quota + " (Network Firewall's"
                    + " stateful rule groups per account and Region; default " + DEFAULT_RULE_GROUP_QUOTA + ", adjustable)."
                    + " Ask for more in Service Quotas (AWS Network Firewall, \"Stateful rule groups per account per"
                    + " Region\") and set '" + QUOTA_KEY + "' to the quota granted, or declare fewer scopes.");
        }
    }

    /** The groups' capacities, fixed at creation, must fit the policy together, or the firewall policy is refused. */
    private static void requireWithinPolicy(List<Scope> scopes, int policyRuleQuota) {
        long total = scopes.stream().mapToLong(Scope::capacity).sum();
        if (total > policyRuleQuota) {
            throw new IllegalArgumentException("Context '" + CONTEXT_KEY + "': the scopes' rule groups reserve a capacity"
                    + " of " + total + " together, but a firewall policy's stateful rule groups may hold "
                    + policyRuleQuota + " (context '" + POLICY_RULES_KEY + "'; Network Firewall's stateful rules per"
                    + " firewall policy, default " + DEFAULT_POLICY_RULE_QUOTA + ", adjustable). Lower the capacities"
                    + " (a domain list of n entries over TLS SNI and HTTP Host needs 2n + 2), or ask for more in Service"
                    + " Quotas and set '" + POLICY_RULES_KEY + "' to the quota granted.");
        }
    }

    private static String read(String policyFile) {
        try {
            return Files.readString(Path.of(policyFile), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + Path.of(policyFile).toAbsolutePath() + ".", e);
        }
    }

    /** The name as {@link ScopeName} requires it, or the reason. */
    static Optional<String> nameProblem(String name) {
        if (name == null) {
            return Optional.of("name is missing");
        }
        try {
            ScopeName.of(name);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("name: " + e.getMessage().replaceAll("\\.$", ""));
        }
    }

    static String policyProblem(String policyText) {
        return PolicyParser.parse(policyText) instanceof PolicyParser.Invalid invalid
                ? String.join("; ", invalid.errors()) : null;
    }

    static boolean learning(String mode) {
        try {
            return ScopeMode.parse(mode) == ScopeMode.LEARN;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode: " + e.getMessage().replaceAll("\\.$", ""), e);
        }
    }
}
