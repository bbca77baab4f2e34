package io.egressallowlist.shared.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of {@code GET /blocked} and of a digest: the blocked attempts to one host, summed over the sources and
 * hours asked for.
 *
 * @param host        what was asked for, as data (escape it wherever it is shown)
 * @param suggestion  the allow-list entry to request for it: the exact canonical host, or a wildcard over its
 *                    registrable name when several hosts under that name were refused and the public-suffix guard
 *                    allows the wildcard; empty when the host is not a name that can be requested
 * @param count       flows refused
 * @param allowedNow  whether the applied allow-list covers the host now (an attempt from before an approval)
 * @param openRequest a request for the suggestion (or the exact host) still open: pending, approved or applying
 * @param people      distinct Studio user profiles among the attempts (approvers' view; 1 or 0 in a person's own)
 * @param scope       the scope the attempts were attributed to; empty when unknown
 * @param learning    recorded by a learning scope: passed, and would have been blocked
 */
public record BlockedDomain(BlockedHost host, Optional<DomainName> suggestion, long count, Instant firstSeen,
                            Instant lastSeen, boolean allowedNow, Optional<RequestId> openRequest, int people,
                            Optional<ScopeName> scope, boolean learning) {

    /** Attempts the firewall blocked, in no known scope. */
    public BlockedDomain(BlockedHost host, Optional<DomainName> suggestion, long count, Instant firstSeen,
                         Instant lastSeen, boolean allowedNow, Optional<RequestId> openRequest, int people) {
        this(host, suggestion, count, firstSeen, lastSeen, allowedNow, openRequest, people, Optional.empty(), false);
    }

    public BlockedDomain {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(suggestion, "suggestion");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(openRequest, "openRequest");
    }
}
