package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.StudioDomainState;
import io.egressallowlist.shared.domain.StudioDomains;
import io.egressallowlist.shared.domain.StudioDomainsContract;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryStudioDomainsTest extends StudioDomainsContract {

    @Override
    protected StudioDomains newDomains(List<StudioDomainState> domains) {
        InMemoryStudioDomains store = new InMemoryStudioDomains();
        domains.forEach(store::put);
        return store;
    }

    @Override
    protected void createLater(StudioDomains store, StudioDomainState domain) {
        ((InMemoryStudioDomains) store).put(domain);
    }

    @Test
    void aRemovedDomainIsNeitherListedNorDescribed() {
        InMemoryStudioDomains store = new InMemoryStudioDomains().put(VPC_ONLY).put(PUBLIC);

        store.remove(PUBLIC.domainId());

        assertThat(store.listDomainIds()).containsExactly(VPC_ONLY.domainId());
        assertThat(store.describe(PUBLIC.domainId())).isEmpty();
    }
}
