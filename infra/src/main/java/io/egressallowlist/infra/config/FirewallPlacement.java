package io.egressallowlist.infra.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where the firewall endpoint sits on a zone's way out: before the NAT gateway or after it. The
 * firewall logs a flow with the source address it sees, so only {@link #FIREWALL_FIRST} lets an alert
 * name the workload that was refused; behind the NAT gateway every flow comes from the gateway's
 * private address (AWS Network Firewall deployment models, "NAT gateway" placement; aws-api-notes §9).
 */
public enum FirewallPlacement {

    /**
     * SageMaker subnet → firewall endpoint → NAT gateway → internet gateway; the NAT subnet returns
     * traffic for the SageMaker subnets through the endpoint. The default.
     */
    FIREWALL_FIRST("firewall-first"),

    /**
     * SageMaker subnet → NAT gateway → firewall endpoint → internet gateway, with the internet gateway's
     * edge route table returning the NAT subnet's traffic through the endpoint. Filters the same, but
     * every alert carries the NAT gateway's address: no per-workload attribution of blocked attempts.
     */
    NAT_FIRST("nat-first");

    public static final String CONTEXT_KEY = "firewallPlacement";

    private final String contextValue;

    FirewallPlacement(String contextValue) {
        this.contextValue = contextValue;
    }

    /** The value of {@value #CONTEXT_KEY} that selects this placement. */
    public String contextValue() {
        return contextValue;
    }

    public static FirewallPlacement fromContext(String value) {
        return Arrays.stream(values())
                .filter(p -> p.contextValue.equalsIgnoreCase(value.strip()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Context '" + CONTEXT_KEY + "' must be one of "
                        + Arrays.stream(values()).map(FirewallPlacement::contextValue).collect(Collectors.joining(", "))
                        + ", was '" + value + "'."));
    }
}
