package io.egressallowlist.shared.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One alert record of the firewall's alert log: a flow the firewall refused (aws-api-notes §9), or one a learning
 * scope passed that its list would have refused. Built by the function that reads the log from the fields it checked;
 * nothing in it is trusted beyond being data.
 *
 * @param logEventId CloudWatch Logs' id of the log event, unique per event: the unit of idempotency
 * @param at         when the firewall saw the flow
 * @param source     the flow's source address
 * @param host       what the flow asked for (TLS SNI or HTTP Host)
 * @param protocol   {@code TLS} or {@code HTTP}
 * @param learning   recorded by a learning scope's rules (signature starting {@link #LEARN_SIGNATURE_PREFIX}): the
 *                   flow passed and would have been blocked
 */
public record AlertRecord(String logEventId, Instant at, SourceAddress source, BlockedHost host, String protocol,
                          boolean learning) {

    /**
     * The start of the message of a learning scope's alert rules, and so of their alert records' signature: what
     * tells a would-have-been-blocked flow from a block. The firewall adapter writes the rules with it.
     */
    public static final String LEARN_SIGNATURE_PREFIX = "egress-allowlist learn:";

    /** A flow the firewall refused. */
    public AlertRecord(String logEventId, Instant at, SourceAddress source, BlockedHost host, String protocol) {
        this(logEventId, at, source, host, protocol, false);
    }

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
