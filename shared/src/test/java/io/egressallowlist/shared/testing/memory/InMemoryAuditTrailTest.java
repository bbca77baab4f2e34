package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.AuditTrailContract;

class InMemoryAuditTrailTest extends AuditTrailContract {

    @Override
    protected AuditTrail newTrail() {
        return new InMemoryAuditTrail();
    }
}
