package io.egressallowlist.shared.cleanup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the firewall's traffic analysis can tell about which domains were used, or why it cannot tell. */
public sealed interface TrafficEvidence {

    /**
     * Traffic observed between {@code from} and {@code to} for every inspected protocol.
     *
     * @param lastSeen  each domain seen (lower case, no trailing dot, no port) and when it was last accessed
     * @param reportIds the analysis reports the evidence comes from, for the audit trail
     */
    record Observed(Instant from, Instant to, Map<String, Instant> lastSeen, List<String> reportIds)
            implements TrafficEvidence {
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
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
