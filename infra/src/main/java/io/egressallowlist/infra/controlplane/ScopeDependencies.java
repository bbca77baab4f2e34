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
 * @param subnetIds          each team scope's SageMaker subnets, zone by zone
 * @param executionRoleNames the execution roles of the Studio domains the app creates
 */
public record ScopeDependencies(ScopeSettings settings, Map<String, String> ruleGroupArns,
                                Map<String, List<String>> domainIds, Map<String, List<String>> subnetIds,
                                List<String> executionRoleNames) {

    public ScopeDependencies {
        ruleGroupArns = Collections.unmodifiableMap(new LinkedHashMap<>(ruleGroupArns));
        domainIds = Collections.unmodifiableMap(new LinkedHashMap<>(domainIds));
        subnetIds = Collections.unmodifiableMap(new LinkedHashMap<>(subnetIds));
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

    List<String> allRuleGroupArns() {
        return List.copyOf(ruleGroupArns.values());
    }

    /** Each scope's policy text, by scope name, for the approval-policy layer. */
    Map<String, String> policies() {
        return settings.scopes().stream().collect(Collectors.toMap(ScopeSettings.Scope::name,
                ScopeSettings.Scope::policyText, (a, b) -> a, LinkedHashMap::new));
    }
}
