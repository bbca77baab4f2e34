package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.SourceAddress;
import io.egressallowlist.shared.domain.SourceBindings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@link SourceBindings} in memory: every binding kept, those around a moment found by time. */
public final class InMemorySourceBindings implements SourceBindings {

    private final List<Binding> bindings = new ArrayList<>();

    @Override
    public synchronized void bind(Binding binding, Instant expiresAt) {
        bindings.removeIf(existing -> existing.equals(binding));
        bindings.add(binding);
    }

    @Override
    public synchronized List<Binding> seenBetween(SourceAddress address, Instant from, Instant to) {
        return bindings.stream()
                .filter(b -> b.address().equals(address))
                .filter(b -> b.seenWithin(from, to))
                .sorted(Comparator.comparing(Binding::seenAt))
                .toList();
    }

    public synchronized List<Binding> all() {
        return List.copyOf(bindings);
    }
}
