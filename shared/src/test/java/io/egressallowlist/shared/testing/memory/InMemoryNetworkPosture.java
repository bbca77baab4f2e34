package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.NetworkPosture;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link NetworkPosture} in memory: route tables and endpoints put by VPC, replaced by id; EC2 made unavailable. */
public final class InMemoryNetworkPosture implements NetworkPosture {

    private final Map<String, List<RouteTable>> tables = new ConcurrentHashMap<>();
    private final Map<String, List<VpcEndpoint>> endpoints = new ConcurrentHashMap<>();
    private volatile boolean unavailable;

    public InMemoryNetworkPosture put(String vpcId, RouteTable table) {
        List<RouteTable> ofVpc = tables.computeIfAbsent(vpcId, v -> new CopyOnWriteArrayList<>());
        ofVpc.removeIf(t -> t.routeTableId().equals(table.routeTableId()));
        ofVpc.add(table);
        return this;
    }

    public InMemoryNetworkPosture put(String vpcId, VpcEndpoint endpoint) {
        List<VpcEndpoint> ofVpc = endpoints.computeIfAbsent(vpcId, v -> new CopyOnWriteArrayList<>());
        ofVpc.removeIf(e -> e.endpointId().equals(endpoint.endpointId()));
        ofVpc.add(endpoint);
        return this;
    }

    public InMemoryNetworkPosture unavailable(boolean unavailable) {
        this.unavailable = unavailable;
        return this;
    }

    @Override
    public List<RouteTable> routeTables(String vpcId) {
        failIfUnavailable();
        return List.copyOf(tables.getOrDefault(vpcId, List.of()));
    }

    @Override
    public List<VpcEndpoint> endpoints(String vpcId) {
        failIfUnavailable();
        return List.copyOf(endpoints.getOrDefault(vpcId, List.of()));
    }

    private void failIfUnavailable() {
        if (unavailable) {
            throw new Unavailable("injected: EC2 unavailable", null);
        }
    }
}
