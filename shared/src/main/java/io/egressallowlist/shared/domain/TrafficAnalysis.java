package io.egressallowlist.shared.domain;

/**
 * Where the evidence of use comes from. Implemented by {@code firewall.NetworkFirewallTrafficAnalysis}
 * (Network Firewall traffic analysis reports).
 */
public interface TrafficAnalysis {

    /** The most recent complete evidence available now; {@link TrafficEvidence.Unavailable} says why there is none. */
    TrafficEvidence latest();
}
