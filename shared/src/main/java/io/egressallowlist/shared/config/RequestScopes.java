package io.egressallowlist.shared.config;

import io.egressallowlist.shared.api.CallerResolver;
import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.requests.ScopeViews;
import io.egressallowlist.shared.store.DynamoVersionLog;
import io.egressallowlist.shared.studio.StudioIdentityResolver;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who calls ({@link CallerResolver}) and what the request use cases read of each scope ({@link ScopeViews}): the declared scopes with their policies and
 * capacities, and each scope's version log, named after its rule group as the one list's always was (so
 * {@code default} keeps its log). The log of {@code RULE_GROUP_ARN}'s scope is the one the root already built.
 */
final class RequestScopes {

    private RequestScopes() {
    }

    /**
     * Who is calling: Studio user profiles of the configured Studio domains and of every scope's (SageMaker), the
     * configured identity links, and the scope each Studio domain belongs to.
     */
    static CallerResolver callers(ControlPlaneConfig config, AwsClients aws, Clock clock) {
        Set<String> domains = new LinkedHashSet<>(config.studioDomainIds());
        config.scopes().all().forEach(scope -> domains.addAll(scope.studioDomainIds()));
        return new CallerResolver(new StudioIdentityResolver(aws.sageMaker(), List.copyOf(domains), clock,
                StudioIdentityResolver.DEFAULT_TTL)::resolve, config.identityLinks(), config.scopes());
    }

    static ScopeViews of(ControlPlaneConfig config, AwsClients aws, VersionLog primary) {
        Map<ScopeName, VersionLog> logs = new ConcurrentHashMap<>();
        return ScopeViews.of(config.scopes(), name -> logs.computeIfAbsent(name, scope -> {
            Scope declared = config.scopes().get(scope);
            return declared.ruleGroupArn().equals(config.ruleGroupArn()) ? primary
                    : new DynamoVersionLog(aws.dynamo(), config.tables().versions(), declared.ruleGroupName());
        }));
    }
}
