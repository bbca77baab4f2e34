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
 */
public record BlockedDomain(BlockedHost host, Optional<DomainName> suggestion, long count, Instant firstSeen,
                            Instant lastSeen, boolean allowedNow, Optional<RequestId> openRequest, int people) {
    public BlockedDomain {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(suggestion, "suggestion");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(openRequest, "openRequest");
    }
}
