package io.egressallowlist.shared.domain;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link AuditTrail} promises, run against the in-memory trail and the DynamoDB one. A subclass
 * supplies a fresh, empty trail per test.
 */
public abstract class AuditTrailContract {

    private static final Instant NOW = Instant.parse("2026-11-20T23:59:00Z");
    private static final RequestId R1 = new RequestId("01TEST0000000000000000A00A");
    private static final RequestId R2 = new RequestId("01TEST0000000000000000A00B");

    private AuditTrail audit;

    /** A new, empty trail. */
    protected abstract AuditTrail newTrail();

    protected final AuditTrail audit() {
        if (audit == null) {
            audit = newTrail();
        }
        return audit;
    }

    /** Reading pages of the trail: filters, range, order and cursors. */
    @Nested
    class Queries extends AuditQueryContract {
        @Override
        protected AuditTrail trail() {
            return audit();
        }
    }

    private static AuditEvent event(String id, Instant at, RequestId requestId, VersionNumber version) {
        return new AuditEvent(id, at, "U0APPROVER", "TEST", Channel.SLACK, null, requestId, version, Map.of());
    }

    @Test
    void theSameEventIsRecordedOnce() {
        AuditEvent event = event(R1 + ":APPROVED", NOW, R1, null);

        assertThat(audit().record(event)).isTrue();
        assertThat(audit().record(event)).isFalse();

        assertThat(audit().forRequest(R1)).containsExactly(event);
    }

    @Test
    void aRepeatedEventIdKeepsTheFirstRecord() {
        AuditEvent first = event("drift:1:abc", NOW, null, new VersionNumber(1));
        AuditEvent retried = new AuditEvent("drift:1:abc", NOW.plusSeconds(60), "system:other", "OTHER", Channel.SYSTEM,
                null, null, new VersionNumber(1), Map.of("k", "v"));
        audit().record(first);

        assertThat(audit().record(retried)).isFalse();

        assertThat(audit().forVersion(new VersionNumber(1))).containsExactly(first);
    }

    @Test
    void anEventIdIsUniqueOnlyWithinItsSubject() {
        assertThat(audit().record(event("CREATED", NOW, R1, null))).isTrue();
        assertThat(audit().record(event("CREATED", NOW, R2, null))).isTrue();
        assertThat(audit().record(event("CREATED", NOW, null, new VersionNumber(1)))).isTrue();
        assertThat(audit().record(event("CREATED", NOW, null, null))).isTrue();

        assertThat(audit().between(NOW, NOW.plusSeconds(1))).hasSize(4);
    }

    @Test
    void eventsOfARequestComeOldestFirstWithEveryField() {
        AuditEvent created = new AuditEvent(R1 + ":CREATED", NOW, "arn:aws:iam::1:user/a", "REQUEST_CREATED", Channel.API,
                "10.0.0.7", R1, null, Map.of("target", "example.com"));
        AuditEvent approved = event(R1 + ":APPROVED", NOW.plusSeconds(30), R1, null);
        audit().record(approved);
        audit().record(created);
        audit().record(event(R2 + ":CREATED", NOW, R2, null));

        assertThat(audit().forRequest(R1)).containsExactly(created, approved);
    }

    @Test
    void eventsAtTheSameTimeComeInEventIdOrder() {
        audit().record(event("b", NOW, R1, null));
        audit().record(event("c", NOW, R1, null));
        audit().record(event("a", NOW, R1, null));

        assertThat(audit().forRequest(R1)).extracting(AuditEvent::eventId).containsExactly("a", "b", "c");
        assertThat(audit().between(NOW, NOW.plusSeconds(1))).extracting(AuditEvent::eventId).containsExactly("a", "b", "c");
    }

    @Test
    void anEventAboutARequestAndAVersionIsFiledUnderItsRequest() {
        AuditEvent moved = event(R1 + ":REQUEST_ACTIVATED:3", NOW, R1, new VersionNumber(3));
        AuditEvent applied = event("version:3:APPLIED", NOW, null, new VersionNumber(3));
        audit().record(moved);
        audit().record(applied);

        assertThat(audit().forRequest(R1)).containsExactly(moved);
        assertThat(audit().forVersion(new VersionNumber(3))).containsExactly(applied);
    }

    @Test
    void eventsAboutNeitherARequestNorAVersionAreFoundByTimeOnly() {
        AuditEvent system = event("reconcile-failed:x", NOW, null, null);
        audit().record(system);

        assertThat(audit().between(NOW.minusSeconds(1), NOW.plusSeconds(1))).containsExactly(system);
        assertThat(audit().forRequest(R1)).isEmpty();
        assertThat(audit().forVersion(new VersionNumber(1))).isEmpty();
    }

    @Test
    void eventsAreQueryableByTimeAcrossDays() {
        audit().record(event("a", NOW.minusSeconds(3600), R1, null));
        audit().record(event("b", NOW, null, new VersionNumber(3)));
        audit().record(event("c", NOW.plusSeconds(120), null, null));
        audit().record(event("d", NOW.plusSeconds(7200), null, null));

        assertThat(audit().between(NOW.minusSeconds(60), NOW.plusSeconds(3600))).extracting(AuditEvent::eventId)
                .containsExactly("b", "c");
        assertThat(audit().forVersion(new VersionNumber(3))).extracting(AuditEvent::eventId).containsExactly("b");
    }

    @Test
    void aTimeRangeIncludesItsStartAndExcludesItsEnd() {
        audit().record(event("at-start", NOW, R1, null));
        audit().record(event("at-end", NOW.plusSeconds(60), R1, null));

        assertThat(audit().between(NOW, NOW.plusSeconds(60))).extracting(AuditEvent::eventId).containsExactly("at-start");
    }

    @Test
    void aTimeRangeFindsEventsWithinTheSecondsOfItsBounds() {
        audit().record(event("just-after-start", NOW.plusMillis(500), R1, null));
        audit().record(event("just-before-end", NOW.plusSeconds(59).plusMillis(999), R1, null));
        audit().record(event("just-after-end", NOW.plusSeconds(60).plusMillis(1), R1, null));
        audit().record(event("just-before-start", NOW.minusMillis(1), R1, null));

        assertThat(audit().between(NOW, NOW.plusSeconds(60))).extracting(AuditEvent::eventId)
                .containsExactly("just-after-start", "just-before-end");
        assertThat(audit().between(NOW.plusMillis(250), NOW.plusMillis(750))).extracting(AuditEvent::eventId)
                .containsExactly("just-after-start");
    }

    @Test
    void timesAreKeptToTheMillisecond() {
        audit().record(event("precise", NOW.plusNanos(250_999_999), R1, null));

        assertThat(audit().forRequest(R1)).extracting(AuditEvent::at).containsExactly(NOW.plusMillis(250));
    }

    @Test
    void detailsFromHostileInputReadBackIntact() {
        Map<String, String> details = Map.of(
                "message", "line one\r\nline two\ttab \"quoted\" \\ back",
                "bidi", "admin\u202Egpj.exe",
                "unicode", "пример.испытание 例え.テスト 🦆",
                "empty-looking", " ");
        AuditEvent rejected = new AuditEvent("rejected:" + R2.value(), NOW, "arn:aws:iam::1:user/m", "REQUEST_REJECTED",
                Channel.API, "198.51.100.7", null, null, details);

        audit().record(rejected);

        assertThat(audit().between(NOW, NOW.plusSeconds(1))).containsExactly(rejected);
    }
}
