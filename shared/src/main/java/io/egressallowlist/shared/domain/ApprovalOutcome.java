package io.egressallowlist.shared.domain;

import java.util.List;
import java.util.function.Function;

/** The result of one approval click, see {@link ApprovalCheck}. */
public sealed interface ApprovalOutcome {
    /** One function per case, so that a new case fails compilation wherever it is not handled. */
    record Cases<R>(Function<? super Refused, ? extends R> refused,
            Function<? super Counted, ? extends R> counted,
            Function<? super QuorumReached, ? extends R> quorumReached) { }

    <R> R match(Cases<R> cases);

    enum Refusal { SELF_APPROVAL, NOT_AN_APPROVER, DUPLICATE_APPROVAL }

    record Refused(Refusal refusal, String message) implements ApprovalOutcome {
        @Override public <R> R match(Cases<R> cases) { return cases.refused().apply(this); }
    }

    /** The approval counts, but more are needed. */
    record Counted(int approvals, int quorum) implements ApprovalOutcome {
        @Override public <R> R match(Cases<R> cases) { return cases.counted().apply(this); }
    }

    /** The approval completes the quorum; {@code approvers} in the order they approved. */
    record QuorumReached(List<SlackUserId> approvers) implements ApprovalOutcome {
        @Override public <R> R match(Cases<R> cases) { return cases.quorumReached().apply(this); }
        public QuorumReached {
            approvers = List.copyOf(approvers);
        }
    }
}
