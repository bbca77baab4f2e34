package io.egressallowlist.shared.approvals;

import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.SlackUserId;

import java.util.Objects;

/**
 * A decision someone takes on a request: approve, deny, renew or revoke a grant, or approve a rollback.
 *
 * @param user      who decides: a Slack user whose identity the caller verified (a signed Slack request)
 * @param kind      what they decide
 * @param requestId on which request
 */
public record Decision(SlackUserId user, Kind kind, RequestId requestId) {

    /** What is decided. Approving a rollback is approving its request; the kinds differ for the record. */
    public enum Kind {
        APPROVE, DENY, RENEW, APPROVE_ROLLBACK,
        /** Take back an active grant, or cancel an approved request before it is applied. */
        REVOKE
    }

    public Decision {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requestId, "requestId");
    }
}
