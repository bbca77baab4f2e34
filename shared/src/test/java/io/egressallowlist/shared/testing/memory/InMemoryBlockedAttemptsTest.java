package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.BlockedAttempts;
import io.egressallowlist.shared.domain.BlockedAttemptsContract;

class InMemoryBlockedAttemptsTest extends BlockedAttemptsContract {

    @Override
    protected BlockedAttempts newStore() {
        return new InMemoryBlockedAttempts();
    }
}
