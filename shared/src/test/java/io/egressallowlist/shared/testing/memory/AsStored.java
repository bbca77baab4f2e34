package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.Approval;
import io.egressallowlist.shared.domain.AuditEvent;

import java.time.Duration;
import java.time.Instant;

/**
 * Values as the DynamoDB adapters give them back: instants are stored as epoch milliseconds and grant
 * durations as seconds, so a fake that kept nanoseconds would let a test pass that fails on the real store.
 */
final class AsStored {

    private AsStored() {
    }

    static Instant millis(Instant at) {
        return at == null ? null : Instant.ofEpochMilli(at.toEpochMilli());
    }

    static Duration seconds(Duration duration) {
        return duration == null ? null : Duration.ofSeconds(duration.toSeconds());
    }

    static AllowlistRequest request(AllowlistRequest r) {
        return new AllowlistRequest(r.id(), r.kind(), r.target(), r.rollbackTo(), r.requester(), r.justification(),
                r.status(), seconds(r.grantDuration()), millis(r.createdAt()), millis(r.updatedAt()),
                millis(r.pendingUntil()), millis(r.expiresAt()),
                r.approvals().stream().map(AsStored::approval).toList(), r.decidedBy(), r.decisionNote(), r.intent(),
                r.version(), r.idempotencyKey(), r.scope(), r.mode());
    }

    static Approval approval(Approval approval) {
        return new Approval(approval.approver(), millis(approval.at()), approval.via());
    }

    static AllowlistVersion version(AllowlistVersion v) {
        return new AllowlistVersion(v.number(), v.parent(), v.targets(), v.sha256(), v.cause(), v.actor(),
                millis(v.createdAt()), v.applyStatus(), millis(v.appliedAt()), v.mode());
    }

    static AuditEvent event(AuditEvent e) {
        return new AuditEvent(e.eventId(), millis(e.at()), e.actor(), e.action(), e.via(), e.sourceIp(), e.requestId(),
                e.version(), e.details());
    }
}
