package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestRepositoryContract;

import java.time.Clock;
import java.time.ZoneOffset;

class InMemoryRequestStoreTest extends RequestRepositoryContract {

    @Override
    protected RequestRepository newStore() {
        return new InMemoryRequestStore(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Override
    protected RequestRepository newStore(Clock clock) {
        return new InMemoryRequestStore(clock);
    }
}
