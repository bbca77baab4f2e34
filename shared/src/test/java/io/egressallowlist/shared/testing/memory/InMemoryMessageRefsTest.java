package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.notify.MessageRefs;
import io.egressallowlist.shared.notify.MessageRefsContract;

class InMemoryMessageRefsTest extends MessageRefsContract {

    @Override
    protected MessageRefs newRefs() {
        return new InMemoryMessageRefs();
    }
}
