package io.egressallowlist.emulators.networkfirewall;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Traffic the firewall saw for one domain, as a traffic analysis report would count it.
 *
 * @param domain        the TLS SNI or HTTP Host seen, stored as given
 * @param protocol      the analysis type that saw it: {@code TLS_SNI} or {@code HTTP_HOST}
 * @param count         number of attempts
 * @param uniqueSources number of distinct source IPs
 * @param firstSeen     first attempt
 * @param lastSeen      last attempt
 */
public record TrafficHit(String domain, String protocol, int count, int uniqueSources, Instant firstSeen, Instant lastSeen) {

    static final Set<String> PROTOCOLS = Set.of("TLS_SNI", "HTTP_HOST");

    public TrafficHit {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (domain.isBlank()) {
            throw new IllegalArgumentException("domain must not be blank");
        }
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("protocol must be one of " + PROTOCOLS + ", got " + protocol);
        }
        if (count < 1 || uniqueSources < 1) {
            throw new IllegalArgumentException("count and uniqueSources must be >= 1, got " + count + " and " + uniqueSources);
        }
        if (lastSeen.isBefore(firstSeen)) {
            throw new IllegalArgumentException("lastSeen " + lastSeen + " is before firstSeen " + firstSeen);
        }
    }

    /** Hits from a single source. */
    public static TrafficHit of(String domain, String protocol, int count, Instant firstSeen, Instant lastSeen) {
        return new TrafficHit(domain, protocol, count, 1, firstSeen, lastSeen);
    }
}
