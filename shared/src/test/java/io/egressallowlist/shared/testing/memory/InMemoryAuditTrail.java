package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditPage;
import io.egressallowlist.shared.domain.AuditQuery;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.VersionNumber;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The audit trail in memory, with the semantics of {@code store.DynamoAuditTrail} (both run
 * {@code AuditTrailContract}): an event is filed under one subject — its request, else its version, else
 * the system — and recorded once per subject and event id; reads come oldest first; instants are kept to
 * the millisecond. Thread-safe.
 */
public final class InMemoryAuditTrail implements AuditTrail {

    private static final Comparator<AuditEvent> OLDEST_FIRST =
            Comparator.comparing(AuditEvent::at).thenComparing(AuditEvent::eventId);

    private final Map<String, Map<String, AuditEvent>> bySubject = new HashMap<>();
    private final NavigableMap<AuditQuery.Cursor, AuditEvent> byTimeKey = new TreeMap<>();

    @Override
    public synchronized boolean record(AuditEvent event) {
        Map<String, AuditEvent> events = bySubject.computeIfAbsent(subject(event), s -> new LinkedHashMap<>());
        boolean recorded = events.putIfAbsent(event.eventId(), AsStored.event(event)) == null;
        if (recorded) {
            byTimeKey.put(new AuditQuery.Cursor(AuditQuery.timeKey(event.at(), event.eventId()), subject(event),
                    event.eventId()), AsStored.event(event));
        }
        return recorded;
    }

    /** As the by-day index orders them: time key, then subject and event id; from after the query's cursor. */
    @Override
    public synchronized AuditPage query(AuditQuery query) {
        Map<AuditQuery.Cursor, AuditEvent> after = query.after() == null ? byTimeKey : byTimeKey.tailMap(query.after(),
                false);
        List<AuditPage.Item> items = new ArrayList<>();
        for (Map.Entry<AuditQuery.Cursor, AuditEvent> entry : after.entrySet()) {
            if (query.matches(entry.getValue())) {
                items.add(new AuditPage.Item(entry.getValue(), OptionalLong.empty()));
                if (items.size() == query.limit()) {
                    return new AuditPage(items, Optional.of(entry.getKey()));
                }
            }
        }
        return new AuditPage(items, Optional.empty());
    }

    @Override
    public synchronized List<AuditEvent> forRequest(RequestId requestId) {
        return sorted(bySubject.getOrDefault("request#" + requestId.value(), Map.of()).values().stream().toList());
    }

    @Override
    public synchronized List<AuditEvent> forVersion(VersionNumber version) {
        return sorted(bySubject.getOrDefault("version#" + version.value(), Map.of()).values().stream().toList());
    }

    @Override
    public synchronized List<AuditEvent> between(Instant from, Instant to) {
        return sorted(bySubject.values().stream().flatMap(events -> events.values().stream())
                .filter(event -> !event.at().isBefore(from) && event.at().isBefore(to))
                .toList());
    }

    private static List<AuditEvent> sorted(List<AuditEvent> events) {
        return events.stream().sorted(OLDEST_FIRST).toList();
    }

    private static String subject(AuditEvent event) {
        if (event.requestId() != null) {
            return "request#" + event.requestId().value();
        }
        if (event.version() != null) {
            return "version#" + event.version().value();
        }
        return "system";
    }
}
