package io.egressallowlist.shared.guard;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Where a SageMaker subnet's default route must lead, by the network's firewall placement (the network stack's
 * {@code FirewallRouting}): straight to the zone's firewall endpoint, or to the zone's NAT gateway, whose subnet
 * routes on to the endpoint.
 */
public sealed interface FirewallPath {

    /** {@code firewall-first}: {@code 0.0.0.0/0} → one of the firewall's endpoints ({@code vpce-…}). */
    record FirewallFirst(Set<String> endpointIds) implements FirewallPath {
        public FirewallFirst {
            endpointIds = Set.copyOf(endpointIds);
            if (endpointIds.isEmpty()) {
                throw new IllegalArgumentException("firewall-first needs the firewall's endpoint ids");
            }
        }

        @Override
        public <R> R match(Function<FirewallFirst, R> firewallFirst, Function<NatFirst, R> natFirst) {
            return firewallFirst.apply(this);
        }
    }

    /**
     * {@code nat-first}: {@code 0.0.0.0/0} → a NAT gateway ({@code nat-…}). The next hop, the NAT subnet's route to
     * the firewall, is not checked: which subnet a NAT gateway sits in takes {@code ec2:DescribeNatGateways}.
     */
    record NatFirst() implements FirewallPath {
        @Override
        public <R> R match(Function<FirewallFirst, R> firewallFirst, Function<NatFirst, R> natFirst) {
            return natFirst.apply(this);
        }
    }

    <R> R match(Function<FirewallFirst, R> firewallFirst, Function<NatFirst, R> natFirst);

    /** {@code firewall-first} (with the endpoint ids) or {@code nat-first}, as the network stack names them. */
    static FirewallPath of(String placement, List<String> firewallEndpointIds) {
        if ("nat-first".equals(placement)) {
            return new NatFirst();
        }
        if ("firewall-first".equals(placement)) {
            return new FirewallFirst(Set.copyOf(firewallEndpointIds));
        }
        throw new IllegalArgumentException("firewall placement must be firewall-first or nat-first, was " + placement);
    }
}
