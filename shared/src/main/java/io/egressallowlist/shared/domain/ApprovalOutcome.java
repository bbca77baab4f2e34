package io.egressallowlist.shared.domain;

import java.util.List;

/** The result of one approval click, see {@link ApprovalCheck}. */
public sealed interface ApprovalOutcome {

    enum Refusal { SELF_APPROVAL, NOT_AN_APPROVER, DUPLICATE_APPROVAL }

    record Refused(Refusal refusal, String message) implements ApprovalOutcome {
    }

    /** The approval counts, but more are needed. */
    record Counted(int approvals, int quorum) implements ApprovalOutcome {
    }

    /** The approval completes the quorum; {@code approvers} in the order they approved. */
    record QuorumReached(List<SlackUserId> approvers) implements ApprovalOutcome {
        public QuorumReached {
            approvers = List.copyOf(approvers);
        }
    }
}
