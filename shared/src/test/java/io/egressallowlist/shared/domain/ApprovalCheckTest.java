package io.egressallowlist.shared.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressallowlist.shared.domain.ApprovalOutcome.Counted;
import io.egressallowlist.shared.domain.ApprovalOutcome.QuorumReached;
import io.egressallowlist.shared.domain.ApprovalOutcome.Refusal;
import io.egressallowlist.shared.domain.ApprovalOutcome.Refused;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApprovalCheckTest {

    private static final SlackUserId ALICE = new SlackUserId("U0000ALICE");
    private static final SlackUserId BOB = new SlackUserId("U00000BOB");
    private static final SlackUserId CAROL = new SlackUserId("U000CAROL");
    private static final SlackUserId MALLORY = new SlackUserId("U0MALLORY");
    private static final SlackUserGroupId SECURITY = new SlackUserGroupId("S0SECURITY");

    private static final Approvers APPROVERS = new Approvers(Set.of(ALICE, BOB), Set.of(SECURITY));
    private static final ApprovalCheck QUORUM_OF_TWO = new ApprovalCheck(APPROVERS, 2);
    private static final ApprovalCheck QUORUM_OF_ONE = new ApprovalCheck(APPROVERS, 1);

    @Test
    void approvalByTheRequesterIsRefusedEvenWhenTheRequesterIsAnApprover() {
        ApprovalOutcome outcome = QUORUM_OF_ONE.check(ALICE, ALICE, Set.of(SECURITY), List.of());
        assertThat(outcome).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.refusal()).isEqualTo(Refusal.SELF_APPROVAL));
    }

    @Test
    void approvalBySomeoneWhoIsNotAnApproverIsRefused() {
        ApprovalOutcome outcome = QUORUM_OF_ONE.check(ALICE, MALLORY, Set.of(), List.of());
        assertThat(outcome).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.refusal()).isEqualTo(Refusal.NOT_AN_APPROVER));
    }

    @Test
    void memberOfAnApproverGroupMayApprove() {
        assertThat(QUORUM_OF_ONE.check(ALICE, CAROL, Set.of(SECURITY), List.of()))
                .isEqualTo(new QuorumReached(List.of(CAROL)));
    }

    @Test
    void secondApprovalBySameApproverIsRefused() {
        ApprovalOutcome outcome = QUORUM_OF_TWO.check(MALLORY, BOB, Set.of(), List.of(BOB));
        assertThat(outcome).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.refusal()).isEqualTo(Refusal.DUPLICATE_APPROVAL));
    }

    @Test
    void quorumOfTwoNeedsTwoDistinctApprovers() {
        assertThat(QUORUM_OF_TWO.check(MALLORY, ALICE, Set.of(), List.of())).isEqualTo(new Counted(1, 2));
        assertThat(QUORUM_OF_TWO.check(MALLORY, BOB, Set.of(), List.of(ALICE)))
                .isEqualTo(new QuorumReached(List.of(ALICE, BOB)));
    }

    @Test
    void requesterCannotCompleteAQuorumOthersStarted() {
        ApprovalOutcome outcome = QUORUM_OF_TWO.check(ALICE, ALICE, Set.of(), List.of(BOB));
        assertThat(outcome).isInstanceOf(Refused.class);
    }
}
