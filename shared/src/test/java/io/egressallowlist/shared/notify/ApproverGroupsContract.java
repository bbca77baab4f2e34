package io.egressallowlist.shared.notify;

import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ApproverGroups} promises the approvals use case: the groups among the candidates that a user
 * is a member of, and {@link ApproverGroups.Unavailable} — never a guess — when the directory cannot say. Run
 * against the in-memory groups and {@code SlackUserGroups} on the Slack stand-in.
 */
public abstract class ApproverGroupsContract {

    private static final SlackUserGroupId SECURITY = new SlackUserGroupId("S0SECURITY1");
    private static final SlackUserGroupId NETWORK = new SlackUserGroupId("S0NETWORK01");
    private static final SlackUserGroupId AUDITORS = new SlackUserGroupId("S0AUDITORS1");
    private static final SlackUserId ALICE = new SlackUserId("U0ALICE0001");
    private static final SlackUserId BOB = new SlackUserId("U0BOB000001");
    private static final SlackUserId OUTSIDER = new SlackUserId("U0OUTSIDE01");

    /** The groups as the directory holds them after {@link #group} and {@link #nextReadFails}. */
    protected abstract ApproverGroups groups();

    /** The directory holds {@code group} with exactly these members. */
    protected abstract void group(SlackUserGroupId group, SlackUserId... members);

    /** The directory's next read of a group's members fails with {@code error}, its error code. */
    protected abstract void nextReadFails(String error);

    @Test
    void aMemberOfACandidateGroupIsInIt() {
        group(SECURITY, ALICE, BOB);

        assertThat(groups().membership(BOB, Set.of(SECURITY))).containsExactly(SECURITY);
    }

    @Test
    void someoneInNoCandidateGroupIsInNone() {
        group(SECURITY, ALICE, BOB);

        assertThat(groups().membership(OUTSIDER, Set.of(SECURITY))).isEmpty();
    }

    @Test
    void aUserIsInEachCandidateGroupTheyBelongToAndNoOther() {
        group(SECURITY, ALICE);
        group(NETWORK, BOB, ALICE);
        group(AUDITORS, BOB);

        assertThat(groups().membership(ALICE, Set.of(SECURITY, NETWORK, AUDITORS)))
                .containsExactlyInAnyOrder(SECURITY, NETWORK);
    }

    @Test
    void onlyTheCandidatesAreAnswered() {
        group(SECURITY, ALICE);
        group(NETWORK, ALICE);

        assertThat(groups().membership(ALICE, Set.of(NETWORK))).containsExactly(NETWORK);
    }

    @Test
    void noCandidatesMeansNoGroups() {
        group(SECURITY, ALICE);

        assertThat(groups().membership(ALICE, Set.of())).isEmpty();
    }

    @Test
    void aDirectoryThatCannotBeReadIsUnavailableWithItsErrorCode() {
        group(SECURITY, ALICE);
        nextReadFails("missing_scope");

        assertThatThrownBy(() -> groups().membership(ALICE, Set.of(SECURITY)))
                .isInstanceOfSatisfying(ApproverGroups.Unavailable.class,
                        unavailable -> assertThat(unavailable.reason()).isEqualTo("missing_scope"));
    }

    /** A candidate group the directory does not hold (deleted, or a typo in the policy) is not an empty group. */
    @Test
    void aGroupTheDirectoryDoesNotHoldIsUnavailable() {
        group(SECURITY, ALICE);

        assertThatThrownBy(() -> groups().membership(ALICE, Set.of(SECURITY, AUDITORS)))
                .isInstanceOf(ApproverGroups.Unavailable.class);
    }
}
