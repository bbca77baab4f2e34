package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestId;

import java.util.function.Function;

/** What became of an approval, denial, withdrawal or renewal. */
public sealed interface DecisionOutcome {
    /** One function per case, so that a new case fails compilation wherever it is not handled. */
    record Cases<R>(Function<? super Decided, ? extends R> decided,
            Function<? super ApprovalRecorded, ? extends R> approvalRecorded,
            Function<? super AlreadyDecided, ? extends R> alreadyDecided,
            Function<? super Refused, ? extends R> refused,
            Function<? super NotFound, ? extends R> notFound) { }

    <R> R match(Cases<R> cases);

    /** The decision took effect; {@code request} is the request afterwards. */
    record Decided(AllowlistRequest request) implements DecisionOutcome {
        @Override public <R> R match(Cases<R> cases) { return cases.decided().apply(this); }
    }

    /** An approval was counted but more approvers are needed. */
    record ApprovalRecorded(AllowlistRequest request, int approvals, int quorum) implements DecisionOutcome {
        @Override public <R> R match(Cases<R> cases) { return cases.approvalRecorded().apply(this); }
    }

    /** Nothing changed because the request was already decided (a second click, a duplicate delivery). */
    record AlreadyDecided(AllowlistRequest request) implements DecisionOutcome {
        @Override public <R> R match(Cases<R> cases) { return cases.alreadyDecided().apply(this); }
    }

    /** The actor may not do this (self-approval, not an approver, not the requester…); nothing changed. */
    record Refused(String reason, String message) implements DecisionOutcome {
        @Override public <R> R match(Cases<R> cases) { return cases.refused().apply(this); }
    }

    /** No request has that id. */
    record NotFound(RequestId requestId) implements DecisionOutcome {
        @Override public <R> R match(Cases<R> cases) { return cases.notFound().apply(this); }
    }
}
