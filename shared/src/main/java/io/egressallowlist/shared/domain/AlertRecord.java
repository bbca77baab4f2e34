package io.egressallowlist.shared.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One alert record of the firewall's alert log: a flow the firewall refused (aws-api-notes §9). Built by the
 * function that reads the log from the fields it checked; nothing in it is trusted beyond being data.
 *
 * @param logEventId CloudWatch Logs' id of the log event, unique per event: the unit of idempotency
 * @param at         when the firewall saw the flow
 * @param source     the flow's source address
 * @param host       what the flow asked for (TLS SNI or HTTP Host)
 * @param protocol   {@code TLS} or {@code HTTP}
 */
public record AlertRecord(String logEventId, Instant at, SourceAddress source, BlockedHost host, String protocol) {
    public AlertRecord {
        Objects.requireNonNull(logEventId, "logEventId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(protocol, "protocol");
        if (logEventId.isEmpty() || logEventId.length() > 256) {
            throw new IllegalArgumentException("a log event id is 1 to 256 characters");
        }
    }
}
