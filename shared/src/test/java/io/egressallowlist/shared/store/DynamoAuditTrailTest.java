package io.egressallowlist.shared.store;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.Channel;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.VersionNumber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DynaliteExtension.class)
class DynamoAuditTrailTest {

    private static final Instant NOW = Instant.parse("2026-11-20T23:59:00Z");
    private static final RequestId R1 = StoreFixture.nextId();
    private static final RequestId R2 = StoreFixture.nextId();

    private DynamoAuditTrail audit;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) {
        audit = new StoreFixture(dynamo).audit;
    }

    @Test
    void theSameEventIsRecordedOnce() {
        AuditEvent event = event(R1 + ":APPROVED", NOW, R1, null);

        assertThat(audit.record(event)).isTrue();
        assertThat(audit.record(event)).isFalse();

        assertThat(audit.forRequest(R1)).containsExactly(event);
    }

    @Test
    void eventsOfARequestComeOldestFirstWithEveryField() {
        AuditEvent created = new AuditEvent(R1 + ":CREATED", NOW, "arn:aws:iam::1:user/a", "REQUEST_CREATED", Channel.API,
                "10.0.0.7", R1, null, Map.of("target", "example.com"));
        AuditEvent approved = event(R1 + ":APPROVED", NOW.plusSeconds(30), R1, null);
        audit.record(approved);
        audit.record(created);
        audit.record(event(R2 + ":CREATED", NOW, R2, null));

        assertThat(audit.forRequest(R1)).containsExactly(created, approved);
    }

    @Test
    void eventsAreQueryableByTimeAcrossDays() {
        audit.record(event("a", NOW.minusSeconds(3600), R1, null));
        audit.record(event("b", NOW, null, new VersionNumber(3)));
        audit.record(event("c", NOW.plusSeconds(120), null, null));
        audit.record(event("d", NOW.plusSeconds(7200), null, null));

        assertThat(audit.between(NOW.minusSeconds(60), NOW.plusSeconds(3600))).extracting(AuditEvent::eventId)
                .containsExactly("b", "c");
        assertThat(audit.forVersion(new VersionNumber(3))).extracting(AuditEvent::eventId).containsExactly("b");
    }

    private static AuditEvent event(String id, Instant at, RequestId requestId, VersionNumber version) {
        return new AuditEvent(id, at, "U0APPROVER", "TEST", Channel.SLACK, null, requestId, version, Map.of());
    }
}
