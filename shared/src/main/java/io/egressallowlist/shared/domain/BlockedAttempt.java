package io.egressallowlist.shared.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Blocked flows from one source address to one host, attributed to someone, over a stretch of time: how many,
 * first and last seen.
 */
public record BlockedAttempt(Attribution attribution, SourceAddress source, BlockedHost host, String protocol,
                             long count, Instant firstSeen, Instant lastSeen) {
    public BlockedAttempt {
        Objects.requireNonNull(attribution, "attribution");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (count < 1) {
            throw new IllegalArgumentException("an attempt counts at least one flow");
        }
        if (lastSeen.isBefore(firstSeen)) {
            throw new IllegalArgumentException("last seen before first seen");
        }
    }
}
