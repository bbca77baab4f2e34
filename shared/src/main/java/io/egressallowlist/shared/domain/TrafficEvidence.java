package io.egressallowlist.shared.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** What the firewall's traffic analysis can tell about which domains were used, or why it cannot tell. */
public sealed interface TrafficEvidence {
    /** One function per case, so that a new case fails compilation wherever it is not handled. */
    record Cases<R>(Function<? super Observed, ? extends R> observed,
            Function<? super Unavailable, ? extends R> unavailable) { }

    <R> R match(Cases<R> cases);

    /**
     * Traffic observed between {@code from} and {@code to} for every inspected protocol.
     *
     * @param lastSeen  each domain seen (lower case, no trailing dot, no port) and when it was last accessed
     * @param reportIds the analysis reports the evidence comes from, for the audit trail
     */
    record Observed(Instant from, Instant to, Map<String, Instant> lastSeen, List<String> reportIds)
            implements TrafficEvidence {
        @Override public <R> R match(Cases<R> cases) { return cases.observed().apply(this); }
        public Observed {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            lastSeen = Map.copyOf(lastSeen);
            reportIds = List.copyOf(reportIds);
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("evidence ends (" + to + ") before it starts (" + from + ")");
            }
        }
    }

    /** No usable evidence; nothing may be judged stale. */
    record Unavailable(String reason) implements TrafficEvidence {
        @Override public <R> R match(Cases<R> cases) { return cases.unavailable().apply(this); }
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
