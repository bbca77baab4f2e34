package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What time ends, in every scope alike: requests left undecided past their deadline, grants past their expiry or
 * unused, and the grants about to expire (for reminders). An ended grant asks its own scope's reconciler to remove
 * its target, through its REMOVE intent.
 */
final class Expiries {

    private final RequestRepository requests;
    private final AuditTrail audit;
    private final Clock clock;

    Expiries(RequestRepository requests, AuditTrail audit, Clock clock) {
        this.requests = requests;
        this.audit = audit;
        this.clock = clock;
    }

    /** Pending requests left undecided past their deadline become EXPIRED. */
    List<AllowlistRequest> expirePending() {
        Instant now = clock.instant();
        List<AllowlistRequest> expired = new ArrayList<>();
        forEachInStatus(RequestStatus.PENDING, request -> {
            if (request.pendingUntil() != null && !request.pendingUntil().isAfter(now)) {
                expire(request, RequestStatus.PENDING, null, "REQUEST_EXPIRED_UNDECIDED").ifPresent(expired::add);
            }
        });
        return expired;
    }

    /** Active grants past their expiry become EXPIRED and ask the reconciler to remove their target. */
    List<AllowlistRequest> expireGrants() {
        Instant now = clock.instant();
        List<AllowlistRequest> expired = new ArrayList<>();
        forEachInStatus(RequestStatus.ACTIVE, request -> {
            if (request.kind() == RequestKind.DOMAIN && request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
                expire(request, RequestStatus.ACTIVE, Intent.REMOVE, "GRANT_EXPIRED").ifPresent(expired::add);
            }
        });
        return expired;
    }

    /**
     * An active grant whose target saw no traffic ({@code evidence} says which reports show it) becomes
     * EXPIRED and asks the reconciler to remove its target. Empty when it is no longer an active grant.
     */
    Optional<AllowlistRequest> expireUnusedGrant(RequestId requestId, String evidence) {
        Optional<AllowlistRequest> found = requests.find(requestId);
        if (found.isEmpty() || found.get().kind() != RequestKind.DOMAIN || found.get().status() != RequestStatus.ACTIVE) {
            return Optional.empty();
        }
        Change change = Change.from(RequestStatus.ACTIVE).to(RequestStatus.EXPIRED, clock.instant())
                .decidedBy("system:cleanup").note(AllowlistRequest.UNUSED_NOTE + evidence).intent(Intent.REMOVE);
        Optional<AllowlistRequest> expired = requests.change(requestId, change).changed();
        expired.ifPresent(after -> audit.record(AuditEvent.requestDecided(found.get(), "GRANT_EXPIRED_UNUSED",
                Actor.system("cleanup").by(), clock.instant(), Map.of("evidence", evidence))));
        return expired;
    }

    /** Active grants that expire within {@code window} from now (for reminders). */
    List<AllowlistRequest> expiringWithin(Duration window) {
        Instant limit = clock.instant().plus(window);
        List<AllowlistRequest> soon = new ArrayList<>();
        forEachInStatus(RequestStatus.ACTIVE, request -> {
            if (request.kind() == RequestKind.DOMAIN && request.expiresAt() != null
                    && request.expiresAt().isBefore(limit)) {
                soon.add(request);
            }
        });
        return soon;
    }

    Optional<AllowlistRequest> expire(AllowlistRequest request, RequestStatus from, Intent intent,
                                              String action) {
        Change change = Change.from(from).to(RequestStatus.EXPIRED, clock.instant()).decidedBy("system:cleanup");
        Optional<AllowlistRequest> expired = requests.change(request.id(), intent == null ? change
                : change.intent(intent)).changed();
        expired.ifPresent(after -> audit.record(AuditEvent.requestDecided(request, action,
                Actor.system("cleanup").by(), clock.instant(), Map.of())));
        return expired;
    }

    private void forEachInStatus(RequestStatus status, java.util.function.Consumer<AllowlistRequest> action) {
        String token = null;
        do {
            RequestRepository.Page page = requests.list(status, null, 100, token);
            page.items().forEach(action);
            token = page.nextPageToken();
        } while (token != null);
    }
}
