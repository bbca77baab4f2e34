package io.egressallowlist.shared.api;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.CapacityWarning;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.events.AllowlistEvent;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.Notifier;

import java.util.List;

/**
 * Tells the rest of the control plane and the people about a request that has just been stored or
 * withdrawn: an event on the bus (ARCHITECTURE §7) and a notification.
 *
 * <p>Neither may undo what is stored: a failure is logged, not thrown. The request is safe in the table,
 * the reconcile schedule picks up approved intents without the event, and a pending request stays in
 * the pending queue for approvers.
 */
public record RequestAnnouncer(EventPublisher events, Notifier notifier, JsonLog log) {

    /**
     * A new request: {@code Rollback Requested}, {@code Request Approved} (approved by the policy's
     * catalogue) or {@code Request Submitted}. Approvers are asked to decide only when a decision is
     * needed; an auto-approved request is announced as decided.
     */
    public void submitted(AllowlistRequest request, boolean autoApproved) {
        submitted(request, autoApproved, List.of());
    }

    /**
     * A new request to switch a scope's mode, its card showing how much of what the scope's learning recorded
     * enforcing would block ({@code wouldBlock}).
     */
    public void modeRequested(AllowlistRequest request, List<String> wouldBlock) {
        publish(EventTypes.REQUEST_SUBMITTED, request);
        try {
            notifier.modeRequested(request, wouldBlock);
        } catch (RuntimeException e) {
            log.error("the request is stored but people could not be notified", "requestId", request.id(),
                    "error", e.getClass().getSimpleName(), "errorMessage", e.getMessage());
        }
    }

    /** A new request, its card showing the allow-list's capacity {@code warnings}. */
    public void submitted(AllowlistRequest request, boolean autoApproved, List<CapacityWarning> warnings) {
        String type = switch (request.kind()) {
            case ROLLBACK -> EventTypes.ROLLBACK_REQUESTED;
            case DOMAIN, MODE -> autoApproved ? EventTypes.REQUEST_APPROVED : EventTypes.REQUEST_SUBMITTED;
        };
        publish(type, request);
        if (autoApproved) {
            notify(request, true);
            return;
        }
        try {
            notifier.requestSubmitted(request, warnings);
        } catch (RuntimeException e) {
            log.error("the request is stored but people could not be notified", "requestId", request.id(),
                    "error", e.getClass().getSimpleName(), "errorMessage", e.getMessage());
        }
    }

    /** A withdrawn request: {@code Request Withdrawn}, and its approval message is updated. */
    public void withdrawn(AllowlistRequest request) {
        publish(EventTypes.REQUEST_WITHDRAWN, request);
        notify(request, true);
    }

    /** A request decided elsewhere (revoked through the API; its event is published there): its card and requester. */
    public void decided(AllowlistRequest request) {
        notify(request, true);
    }

    private void publish(String type, AllowlistRequest request) {
        try {
            events.publish(AllowlistEvent.RequestChanged.of(type, request).toEvent());
        } catch (RuntimeException e) {
            log.error("the request is stored but its event could not be published", "requestId", request.id(),
                    "detailType", type, "error", e.getClass().getSimpleName(), "errorMessage", e.getMessage());
        }
    }

    private void notify(AllowlistRequest request, boolean decided) {
        try {
            if (decided) {
                notifier.requestDecided(request);
            } else {
                notifier.requestSubmitted(request);
            }
        } catch (RuntimeException e) {
            log.error("the request is stored but people could not be notified", "requestId", request.id(),
                    "error", e.getClass().getSimpleName(), "errorMessage", e.getMessage());
        }
    }
}
