package io.egressallowlist.shared.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Blocked flows from one source address to one host, attributed to someone, over a stretch of time: how many,
 * first and last seen.
 *
 * @param scope    the scope of the attributed Studio domain; empty when unknown (no Studio domain, or one no scope
 *                 names)
 * @param learning the flows passed a learning scope's rules and would have been blocked
 */
public record BlockedAttempt(Attribution attribution, SourceAddress source, BlockedHost host, String protocol,
                             long count, Instant firstSeen, Instant lastSeen, Optional<ScopeName> scope,
                             boolean learning) {

    /** Flows the firewall blocked, in no known scope. */
    public BlockedAttempt(Attribution attribution, SourceAddress source, BlockedHost host, String protocol, long count,
                          Instant firstSeen, Instant lastSeen) {
        this(attribution, source, host, protocol, count, firstSeen, lastSeen, Optional.empty(), false);
    }

    public BlockedAttempt {
        Objects.requireNonNull(scope, "scope");
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
