package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.NetworkInterfaces;
import io.egressallowlist.shared.domain.SourceAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link NetworkInterfaces} in memory: interfaces registered by address, lookups counted, EC2 made unavailable. */
public final class InMemoryNetworkInterfaces implements NetworkInterfaces {

    private final Map<SourceAddress, NetworkInterface> byAddress = new ConcurrentHashMap<>();
    private final List<SourceAddress> lookups = new ArrayList<>();
    private volatile boolean unavailable;

    public InMemoryNetworkInterfaces put(String address, NetworkInterface networkInterface) {
        byAddress.put(new SourceAddress(address), networkInterface);
        return this;
    }

    public InMemoryNetworkInterfaces remove(String address) {
        byAddress.remove(new SourceAddress(address));
        return this;
    }

    public InMemoryNetworkInterfaces unavailable(boolean unavailable) {
        this.unavailable = unavailable;
        return this;
    }

    public synchronized List<SourceAddress> lookups() {
        return List.copyOf(lookups);
    }

    @Override
    public Optional<NetworkInterface> holding(SourceAddress address) {
        synchronized (this) {
            lookups.add(address);
        }
        if (unavailable) {
            throw new Unavailable("injected: EC2 unavailable", null);
        }
        return Optional.ofNullable(byAddress.get(address));
    }
}
