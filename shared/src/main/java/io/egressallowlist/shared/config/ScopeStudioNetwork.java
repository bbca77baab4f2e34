package io.egressallowlist.shared.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.Scopes;

/**
 * The Studio domains and subnets the scopes file declares, added to those the variables give. With scopes the stack
 * writes them into the file ({@code studio-domains}, {@code studio-subnets}) rather than into the variables: every
 * scope's ids in every function's variables outgrow the 4 KB Lambda allows a function's environment.
 */
final class ScopeStudioNetwork {

    private ScopeStudioNetwork() {
    }

    /** {@code STUDIO_DOMAIN_IDS} and every scope's domains: who is who in Studio, and what the guard checks. */
    static List<String> domainIds(List<String> fromVariables, Scopes scopes) {
        return union(fromVariables, scopes, Scope::studioDomainIds);
    }

    /** {@code PROTECTED_SUBNET_IDS} and every scope's subnets: all route through the firewall. */
    static List<String> subnetIds(List<String> fromVariables, Scopes scopes) {
        return union(fromVariables, scopes, Scope::studioSubnetIds);
    }

    /**
     * {@code STUDIO_SUBNETS} ({@code subnet=domain}) and each scope's subnets with its Studio domain. The stack gives
     * a team scope one domain; a scope declaring several maps its subnets to the first (by id), as a subnet can name
     * one domain only, and a subnet the variables already name keeps their domain.
     */
    static List<String> studioSubnets(List<String> fromVariables, Scopes scopes) {
        Set<String> entries = new LinkedHashSet<>(fromVariables);
        if (scopes == null) {
            return List.copyOf(entries);
        }
        Set<String> named = new LinkedHashSet<>();
        fromVariables.forEach(entry -> named.add(entry.split("=", 2)[0].strip()));
        for (Scope scope : scopes.all()) {
            if (scope.studioDomainIds().isEmpty()) {
                continue;
            }
            String domain = scope.studioDomainIds().stream().sorted().findFirst().orElseThrow();
            scope.studioSubnetIds().stream().sorted().filter(named::add).forEach(subnet -> entries.add(subnet + "=" + domain));
        }
        return List.copyOf(entries);
    }

    private static List<String> union(List<String> fromVariables, Scopes scopes, Function<Scope, Set<String>> ids) {
        Set<String> union = new LinkedHashSet<>(fromVariables);
        if (scopes != null) {
            scopes.all().forEach(scope -> ids.apply(scope).stream().sorted().forEach(union::add));
        }
        return List.copyOf(union);
    }
}
