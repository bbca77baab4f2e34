package io.egressallowlist.shared.config;

import io.egressallowlist.shared.api.CallerResolver;
import io.egressallowlist.shared.studio.StudioIdentityResolver;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Who calls the request use cases ({@link CallerResolver}): a Studio user profile, and the scope of its domain. */
final class Callers {

    private Callers() {
    }

    /**
     * Who is calling: Studio user profiles of the configured Studio domains and of every scope's (SageMaker), the
     * configured identity links, and the scope each Studio domain belongs to.
     */
    static CallerResolver resolver(ControlPlaneConfig config, AwsClients aws, Clock clock) {
        Set<String> domains = new LinkedHashSet<>(config.studioDomainIds());
        config.scopes().all().forEach(scope -> domains.addAll(scope.studioDomainIds()));
        return new CallerResolver(new StudioIdentityResolver(aws.sageMaker(), List.copyOf(domains), clock,
                StudioIdentityResolver.DEFAULT_TTL)::resolve, config.identityLinks(), config.scopes());
    }
}
