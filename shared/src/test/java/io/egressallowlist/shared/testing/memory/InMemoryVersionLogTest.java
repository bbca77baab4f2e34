package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.VersionLogContract;

class InMemoryVersionLogTest extends VersionLogContract {

    @Override
    protected VersionLog newLog() {
        return new InMemoryVersionLog();
    }
}
