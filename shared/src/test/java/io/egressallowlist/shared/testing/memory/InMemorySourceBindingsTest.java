package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.SourceBindings;
import io.egressallowlist.shared.domain.SourceBindingsContract;

class InMemorySourceBindingsTest extends SourceBindingsContract {

    @Override
    protected SourceBindings newBindings() {
        return new InMemorySourceBindings();
    }
}
