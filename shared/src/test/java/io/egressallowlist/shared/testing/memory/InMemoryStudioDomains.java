package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.StudioDomainState;
import io.egressallowlist.shared.domain.StudioDomains;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Collections;
import java.util.LinkedHashMap;

/**
 * {@link StudioDomains} in memory: domains put (replaced by id) or removed at any time, listed by id in the
 * order they were first put; a domain put after a listing is in the next one.
 */
public final class InMemoryStudioDomains implements StudioDomains {

    private final Map<String, StudioDomainState> domains = Collections.synchronizedMap(new LinkedHashMap<>());

    public InMemoryStudioDomains put(StudioDomainState domain) {
        domains.put(domain.domainId(), domain);
        return this;
    }

    public InMemoryStudioDomains remove(String domainId) {
        domains.remove(domainId);
        return this;
    }

    @Override
    public List<String> listDomainIds() {
        synchronized (domains) {
            return List.copyOf(domains.keySet());
        }
    }

    @Override
    public Optional<StudioDomainState> describe(String domainId) {
        return Optional.ofNullable(domains.get(domainId));
    }
}
