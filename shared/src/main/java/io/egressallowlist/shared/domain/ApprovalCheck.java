package io.egressallowlist.shared.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether one approval counts (ARCHITECTURE §5, §8): never the requester's own, only from
 * a configured approver, once per approver; the request is approved when {@code quorum} distinct
 * approvers have approved.
 */
public record ApprovalCheck(Approvers approvers, int quorum) {

    public ApprovalCheck {
        Objects.requireNonNull(approvers, "approvers");
        if (quorum < 1) {
            throw new IllegalArgumentException("The quorum must be at least 1, was " + quorum + ".");
        }
    }

    /**
     * @param requester the requester's Slack identity; a request whose requester has no known Slack
     *     identity must not reach this point, since self-approval could not be ruled out
     * @param approver who clicked approve
     * @param approverGroups the user groups the approver belongs to, resolved from Slack
     * @param earlierApprovals approvals already counted for this request, oldest first
     */
    public ApprovalOutcome check(SlackUserId requester, SlackUserId approver, Set<SlackUserGroupId> approverGroups,
            List<SlackUserId> earlierApprovals) {
        // Checked first and not configurable: being an approver never lets you approve your own request.
        if (approver.equals(requester)) {
            return new ApprovalOutcome.Refused(ApprovalOutcome.Refusal.SELF_APPROVAL,
                    "You cannot approve your own request; another approver has to.");
        }
        if (!approvers.includes(approver, approverGroups)) {
            return new ApprovalOutcome.Refused(ApprovalOutcome.Refusal.NOT_AN_APPROVER,
                    "You are not an approver for egress allow-list requests; ask one of the configured approvers.");
        }
        Set<SlackUserId> distinct = new LinkedHashSet<>(earlierApprovals);
        if (distinct.contains(approver)) {
            return new ApprovalOutcome.Refused(ApprovalOutcome.Refusal.DUPLICATE_APPROVAL, String.format(
                    "You have already approved this request; it needs %d distinct approvers.", quorum));
        }
        distinct.add(approver);
        return distinct.size() >= quorum
                ? new ApprovalOutcome.QuorumReached(new ArrayList<>(distinct))
                : new ApprovalOutcome.Counted(distinct.size(), quorum);
    }
}
