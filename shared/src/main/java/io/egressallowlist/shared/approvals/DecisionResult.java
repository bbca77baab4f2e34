package io.egressallowlist.shared.approvals;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestId;

import java.util.function.Function;

/** What became of a {@link Decision}; every case is stored (or refused) before it is returned. */
public sealed interface DecisionResult {

    /** One function per case, so that a new case fails compilation wherever it is not handled. */
    record Cases<R>(Function<? super Decided, ? extends R> decided,
            Function<? super Renewed, ? extends R> renewed,
            Function<? super ApprovalRecorded, ? extends R> approvalRecorded,
            Function<? super AlreadyDecided, ? extends R> alreadyDecided,
            Function<? super Refused, ? extends R> refused,
            Function<? super NotFound, ? extends R> notFound,
            Function<? super MembershipUnknown, ? extends R> membershipUnknown) { }

    <R> R match(Cases<R> cases);

    /** An approval that met the quorum, or a denial: the request's status says which. */
    record Decided(AllowlistRequest request) implements DecisionResult {
        @Override public <R> R match(Cases<R> cases) { return cases.decided().apply(this); }
    }

    /** A grant renewed; {@code renewedBy} is the principal who renewed it. */
    record Renewed(AllowlistRequest request, String renewedBy) implements DecisionResult {
        @Override public <R> R match(Cases<R> cases) { return cases.renewed().apply(this); }
    }

    /** An approval counted; more are needed. */
    record ApprovalRecorded(AllowlistRequest request, int approvals, int quorum) implements DecisionResult {
        @Override public <R> R match(Cases<R> cases) { return cases.approvalRecorded().apply(this); }
    }

    /** Nothing changed: the request was decided already (for a renewal: the grant is no longer active). */
    record AlreadyDecided(AllowlistRequest request) implements DecisionResult {
        @Override public <R> R match(Cases<R> cases) { return cases.alreadyDecided().apply(this); }
    }

    /** Nothing changed: this person may not take this decision (their own request, not an approver…). */
    record Refused(String message) implements DecisionResult {
        @Override public <R> R match(Cases<R> cases) { return cases.refused().apply(this); }
    }

    /** No request has this id. */
    record NotFound(RequestId requestId) implements DecisionResult {
        @Override public <R> R match(Cases<R> cases) { return cases.notFound().apply(this); }
    }

    /** Nothing changed: the approver groups could not be read ({@code reason}: the directory's error code). */
    record MembershipUnknown(String reason) implements DecisionResult {
        @Override public <R> R match(Cases<R> cases) { return cases.membershipUnknown().apply(this); }
    }
}
