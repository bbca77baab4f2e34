package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.RequestRepository;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How a new request (a domain, a rollback or a switch of mode) enters the store: its justification checked, then stored
 * once, or answered with what the store met instead. The store keeps one open request per target, one
 * open rollback and one open switch of mode in each scope, and claims an idempotency key per principal;
 * what those mean for the asker is decided here:
 * <ul>
 *   <li>a replayed key answers with its original only when the original is the same ask; a key first
 *       used for another ask is refused ({@link SubmitOutcome.IdempotencyKeyReused});</li>
 *   <li>the open rollback stands for a rollback to the same version; a rollback to another version is
 *       refused while it is open ({@link SubmitOutcome.RollbackAlreadyOpen}).</li>
 * </ul>
 */
final class RequestIntake {

    static final int MAX_JUSTIFICATION = 1_000;

    private final RequestRepository requests;
    private final AuditTrail audit;
    private final Clock clock;
    private final RandomGenerator random;

    RequestIntake(RequestRepository requests, AuditTrail audit, Clock clock, RandomGenerator random) {
        this.requests = requests;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    /** The refusal of a justification that is missing, too long or not plain text; empty when it is fine. */
    Optional<SubmitOutcome> checkJustification(String justification, Actor actor) {
        if (justification == null || justification.isBlank()) {
            return Optional.of(reject(actor, "justification", "MISSING", "no justification",
                    "Say why you need it: a justification is required and is shown to the approvers."));
        }
        if (justification.length() > MAX_JUSTIFICATION) {
            return Optional.of(reject(actor, "justification", "TOO_LONG", justification.length() + " characters",
                    "The justification has " + justification.length() + " characters; keep it within "
                            + MAX_JUSTIFICATION + "."));
        }
        if (justification.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            return Optional.of(reject(actor, "justification", "CONTROL_CHARACTERS", "control characters",
                    "The justification contains control characters; use plain text."));
        }
        return Optional.empty();
    }

    /** Stores {@code request}, or answers with the open request or the key's original it met. */
    SubmitOutcome create(AllowlistRequest request, Actor actor, boolean autoApproved) {
        return requests.create(request).match(new RequestRepository.CreateResult.Cases<>(
                created -> recordSubmitted(created.request(), actor, autoApproved),
                existing -> openInstead(request, existing.existing()),
                replay -> replayOf(request, replay.original())));
    }

    /** A refused attempt leaves this one trace and nothing else. */
    void recordRejection(Actor actor, String field, String reason, String message) {
        audit.record(AuditEvent.requestRejected(newId(), field, reason, message, actor.by(), clock.instant()));
    }

    RequestId newId() {
        return RequestId.generate(clock, random);
    }

    private SubmitOutcome.Invalid reject(Actor actor, String field, String reason, String audited, String message) {
        recordRejection(actor, field, reason, audited);
        return new SubmitOutcome.Invalid(field, reason, message);
    }

    private SubmitOutcome recordSubmitted(AllowlistRequest request, Actor actor, boolean autoApproved) {
        audit.record(AuditEvent.requestCreated(request, actor.by(), clock.instant()));
        if (autoApproved) {
            audit.record(AuditEvent.requestAutoApproved(request, actor.by(), clock.instant()));
        }
        return new SubmitOutcome.Submitted(request, autoApproved);
    }

    private static SubmitOutcome openInstead(AllowlistRequest asked, AllowlistRequest open) {
        if (asked.kind() == RequestKind.ROLLBACK && !sameAsk(asked, open)) {
            return new SubmitOutcome.RollbackAlreadyOpen(open);
        }
        return new SubmitOutcome.ExistingRequest(open);
    }

    /**
     * The key's first use either created the original (the same key and principal are on it) or met an
     * open request it was then pointed at.
     */
    private static SubmitOutcome replayOf(AllowlistRequest asked, AllowlistRequest original) {
        if (!sameAsk(asked, original)) {
            return new SubmitOutcome.IdempotencyKeyReused(original);
        }
        boolean createdByKey = Objects.equals(asked.idempotencyKey(), original.idempotencyKey())
                && asked.requester().principal().equals(original.requester().principal());
        return new SubmitOutcome.Replayed(original, createdByKey);
    }

    /** The same target, a rollback to the same version, or a switch to the same mode, in the same scope. */
    private static boolean sameAsk(AllowlistRequest asked, AllowlistRequest other) {
        return asked.kind() == other.kind() && Objects.equals(asked.target(), other.target())
                && Objects.equals(asked.rollbackTo(), other.rollbackTo()) && asked.mode() == other.mode()
                && asked.scope().equals(other.scope());
    }
}
