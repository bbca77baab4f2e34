package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.WriterLease;
import io.egressallowlist.shared.domain.WriterLeaseContract;

class InMemoryWriterLeaseTest extends WriterLeaseContract {

    @Override
    protected WriterLease newLease() {
        return new InMemoryWriterLease();
    }
}
