package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.VersionNumber;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    @Override
    public synchronized boolean record(AuditEvent event) {
        Map<String, AuditEvent> events = bySubject.computeIfAbsent(subject(event), s -> new LinkedHashMap<>());
        return events.putIfAbsent(event.eventId(), AsStored.event(event)) == null;
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
