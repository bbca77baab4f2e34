package io.egressallowlist.infra.controlplane;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.egressallowlist.infra.config.ScopeSettings;

/**
 * What the control plane takes from the network and Studio stacks for the declared scopes; {@link #none()} without
 * them (the functions then have the single list, from {@code RULE_GROUP_ARN} and {@code POLICY_FILE}).
 *
 * @param ruleGroupArns      each scope's rule group, by scope name
 * @param domainIds          each team scope's Studio domains
 * @param studioSubnets      each team scope's subnets with its Studio domain, {@code subnet=domain,…}
 * @param executionRoleNames the execution roles of the Studio domains the app creates
 */
public record ScopeDependencies(ScopeSettings settings, Map<String, String> ruleGroupArns,
                                Map<String, List<String>> domainIds, Map<String, String> studioSubnets,
                                List<String> executionRoleNames) {

    public ScopeDependencies {
        ruleGroupArns = Collections.unmodifiableMap(new LinkedHashMap<>(ruleGroupArns));
        domainIds = Collections.unmodifiableMap(new LinkedHashMap<>(domainIds));
        studioSubnets = Collections.unmodifiableMap(new LinkedHashMap<>(studioSubnets));
        executionRoleNames = List.copyOf(executionRoleNames);
    }

    public static ScopeDependencies none() {
        return new ScopeDependencies(ScopeSettings.none(), Map.of(), Map.of(), Map.of(), List.of());
    }

    public boolean declared() {
        return settings.declared();
    }

    /** Every scope's Studio domains: who is who in Studio, and what studio-guard checks. */
    public List<String> allDomainIds() {
        return domainIds.values().stream().flatMap(List::stream).toList();
    }

    /**
     * Each SageMaker subnet's Studio domain ({@code STUDIO_SUBNETS}): a team scope's subnets are its domain's (each
     * team scope has exactly one), so alert-ingest attributes an attempt to a domain, and through it to a scope.
     */
    String studioSubnetsValue() {
        return String.join(",", studioSubnets.values());
    }

    List<String> allRuleGroupArns() {
        return List.copyOf(ruleGroupArns.values());
    }

    /** Each scope's policy text, by scope name, for the approval-policy layer. */
    Map<String, String> policies() {
        return settings.scopes().stream().collect(Collectors.toMap(ScopeSettings.Scope::name,
                ScopeSettings.Scope::policyText, (a, b) -> a, LinkedHashMap::new));
    }
}
