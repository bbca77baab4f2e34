package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.domain.AlertRecord;
import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.BlockedAttempts;
import io.egressallowlist.shared.domain.BlockedHost;
import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.Scopes;
import io.egressallowlist.shared.domain.SourceAddress;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * Ingests one delivery of the alert log: the records are aggregated per (source address, host), each pair is
 * attributed once and added to the store with one write. The write is keyed by the pair's hour and a digest of
 * the log event ids it counts, so a delivery seen again (CloudWatch Logs delivers at least once, and Lambda
 * retries a failed asynchronous invocation) adds nothing it already added, even when the first attempt stopped
 * half-way.
 *
 * <p>Each source is attributed once per delivery ({@link Attributor.Batch}) and the pairs' writes are sent
 * concurrently, at most {@link #WRITES_IN_FLIGHT} at a time ({@link BoundedWrites}): they are independent (one item
 * each) and idempotent by their token, so their order does not matter. The threads live only while a delivery is
 * written: none exists at a SnapStart snapshot or between invocations.
 */
public final class AlertIngest {

    /** What one delivery did. */
    public record Report(int records, int pairs, int written, int alreadyCounted) { }

    /** The pair's records, in delivery order; a learning scope's records are counted apart from blocks. */
    private record Pair(SourceAddress source, BlockedHost host, boolean learning) { }

    /**
     * Writes in flight at once. The SDK's synchronous DynamoDB client is safe to share between threads; its HTTP
     * client ({@code url-connection-client}, HttpURLConnection) keeps at most {@code http.maxConnections} (JDK
     * default 5) idle connections per host, so 5 in flight reuse their connections instead of opening new ones.
     */
    public static final int WRITES_IN_FLIGHT = 5;

    private final BlockedAttempts store;
    private final Attributor attributor;
    private final Duration retention;
    private final BoundedWrites writes;
    private final Optional<Scopes> scopes;

    public AlertIngest(BlockedAttempts store, Attributor attributor, Duration retention) {
        this(store, attributor, retention, WRITES_IN_FLIGHT);
    }

    /** {@code writesInFlight}: at most that many writes at once (1: one after another, on the caller's thread). */
    public AlertIngest(BlockedAttempts store, Attributor attributor, Duration retention, int writesInFlight) {
        this(store, attributor, retention, writesInFlight, Optional.empty());
    }

    /** {@code scopes}: the deployment's scopes, to tell each attempt's scope from its Studio domain; empty: unknown. */
    public AlertIngest(BlockedAttempts store, Attributor attributor, Duration retention, int writesInFlight,
                       Optional<Scopes> scopes) {
        this.store = Objects.requireNonNull(store, "store");
        this.attributor = Objects.requireNonNull(attributor, "attributor");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.writes = new BoundedWrites(writesInFlight, "alert-ingest-write");
        this.scopes = Objects.requireNonNull(scopes, "scopes");
    }

    /**
     * Adds {@code records}. A failed write propagates once every other write has finished and taken effect: the
     * caller lets the delivery be retried, and the retry adds only what is missing.
     */
    public Report ingest(List<AlertRecord> records) {
        Map<Pair, List<AlertRecord>> pairs = new LinkedHashMap<>();
        Map<SourceAddress, Attributor.Span> spans = new HashMap<>();
        for (AlertRecord record : records) {
            pairs.computeIfAbsent(new Pair(record.source(), record.host(), record.learning()), p -> new ArrayList<>())
                    .add(record);
            spans.merge(record.source(), new Attributor.Span(record.at(), record.at()),
                    (span, one) -> span.including(one.first(), one.last()));
        }
        Attributor.Batch attributions = attributor.batch(spans);
        List<Callable<Boolean>> adds = new ArrayList<>(pairs.size());
        for (Map.Entry<Pair, List<AlertRecord>> pair : pairs.entrySet()) {
            BlockedAttempts.Contribution contribution = contribution(pair.getKey(), pair.getValue(), attributions);
            adds.add(() -> store.add(contribution));
        }
        int written = (int) writes.all(adds).stream().filter(Boolean::booleanValue).count();
        return new Report(records.size(), pairs.size(), written, pairs.size() - written);
    }

    private BlockedAttempts.Contribution contribution(Pair pair, List<AlertRecord> records,
                                                      Attributor.Batch attributions) {
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
        Attribution attribution = attributions.attribute(pair.source(), first, last);
        BlockedAttempt attempt = new BlockedAttempt(attribution, pair.source(), pair.host(),
                records.get(0).protocol(), ids.size(), first, last, scopeOf(attribution), pair.learning());
        return new BlockedAttempts.Contribution(attempt, first.truncatedTo(ChronoUnit.HOURS), token(ids),
                last.plus(retention));
    }

    /**
     * The scope of the attributed Studio domain. A deployment of one scope has every flow under that scope's list,
     * whoever made it; with several, an attempt no Studio domain explains has no known scope.
     */
    private Optional<ScopeName> scopeOf(Attribution attribution) {
        if (scopes.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> domain = attribution.match(new Attribution.Cases<>(profile -> Optional.of(profile.domainId()),
                space -> Optional.of(space.domainId()), studioDomain -> Optional.of(studioDomain.domainId()),
                nobody -> Optional.empty()));
        Optional<ScopeName> named = domain.flatMap(id -> scopes.get().forStudioDomain(id)).map(Scope::name);
        if (named.isPresent() || !scopes.get().isSingle()) {
            return named;
        }
        return Optional.of(scopes.get().all().get(0).name());
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
