package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.domain.AlertRecord;
import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.BlockedAttempts;
import io.egressallowlist.shared.domain.BlockedHost;
import io.egressallowlist.shared.domain.SourceAddress;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Ingests one delivery of the alert log: the records are aggregated per (source address, host), each pair is
 * attributed once and added to the store with one write. The write is keyed by the pair's hour and a digest of
 * the log event ids it counts, so a delivery seen again (CloudWatch Logs delivers at least once, and Lambda
 * retries a failed asynchronous invocation) adds nothing it already added, even when the first attempt stopped
 * half-way.
 */
public final class AlertIngest {

    /** What one delivery did. */
    public record Report(int records, int pairs, int written, int alreadyCounted) { }

    /** The pair's records, in delivery order. */
    private record Pair(SourceAddress source, BlockedHost host) { }

    private final BlockedAttempts store;
    private final Attributor attributor;
    private final Duration retention;

    public AlertIngest(BlockedAttempts store, Attributor attributor, Duration retention) {
        this.store = Objects.requireNonNull(store, "store");
        this.attributor = Objects.requireNonNull(attributor, "attributor");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    /**
     * Adds {@code records}. A failed write propagates after the writes before it took effect: the caller lets the
     * delivery be retried, and the retry adds only what is missing.
     */
    public Report ingest(List<AlertRecord> records) {
        Map<Pair, List<AlertRecord>> pairs = new LinkedHashMap<>();
        for (AlertRecord record : records) {
            pairs.computeIfAbsent(new Pair(record.source(), record.host()), p -> new ArrayList<>()).add(record);
        }
        int written = 0;
        int alreadyCounted = 0;
        for (Map.Entry<Pair, List<AlertRecord>> pair : pairs.entrySet()) {
            if (store.add(contribution(pair.getKey(), pair.getValue()))) {
                written++;
            } else {
                alreadyCounted++;
            }
        }
        return new Report(records.size(), pairs.size(), written, alreadyCounted);
    }

    private BlockedAttempts.Contribution contribution(Pair pair, List<AlertRecord> records) {
        TreeSet<String> ids = new TreeSet<>();
        Instant first = records.get(0).at();
        Instant last = first;
        for (AlertRecord record : records) {
            ids.add(record.logEventId());
            first = record.at().isBefore(first) ? record.at() : first;
            last = record.at().isAfter(last) ? record.at() : last;
        }
        // Known limit (README "Counting, and its one known limit"): the token is checked on the attributed
        // subject's item only. A retry that attributes the pair otherwise (the interface at the address changed,
        // an API caller was first seen there) writes another subject's item and those flows count under both.
        // A marker keyed by the token alone would close it, at a second write per pair on every delivery.
        Attribution attribution = attributor.attribute(pair.source(), first, last);
        BlockedAttempt attempt = new BlockedAttempt(attribution, pair.source(), pair.host(),
                records.get(0).protocol(), ids.size(), first, last);
        return new BlockedAttempts.Contribution(attempt, first.truncatedTo(ChronoUnit.HOURS), token(ids),
                last.plus(retention));
    }

    /** A digest of the log event ids: the same events give the same token, in any order. */
    static String token(TreeSet<String> ids) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String id : ids) {
                sha.update(id.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
