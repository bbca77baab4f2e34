package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestId;

/** What became of an approval, denial, withdrawal or renewal. */
public sealed interface DecisionOutcome {

    /** The decision took effect; {@code request} is the request afterwards. */
    record Decided(AllowlistRequest request) implements DecisionOutcome { }

    /** An approval was counted but more approvers are needed. */
    record ApprovalRecorded(AllowlistRequest request, int approvals, int quorum) implements DecisionOutcome { }

    /** Nothing changed because the request was already decided (a second click, a duplicate delivery). */
    record AlreadyDecided(AllowlistRequest request) implements DecisionOutcome { }

    /** The actor may not do this (self-approval, not an approver, not the requester…); nothing changed. */
    record Refused(String reason, String message) implements DecisionOutcome { }

    /** No request has that id. */
    record NotFound(RequestId requestId) implements DecisionOutcome { }
}
