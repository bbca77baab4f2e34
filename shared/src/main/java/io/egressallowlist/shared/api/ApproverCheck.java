package io.egressallowlist.shared.api;

import io.egressallowlist.shared.domain.Approvers;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.notify.ApproverGroups;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an API caller is an approver: linked to a Slack user ({@code IDENTITY_LINKS}) whom the policy names, or
 * who is in one of the policy's approver groups. What only approvers may read (everyone's blocked attempts, the
 * audit trail) asks this one check.
 */
public final class ApproverCheck {

    private final Approvers approvers;
    private final Optional<ApproverGroups> groups;

    /**
     * @param groups the approver groups' membership; empty where it cannot be read (then only approvers named in
     *               the policy are approvers)
     */
    public ApproverCheck(Approvers approvers, Optional<ApproverGroups> groups) {
        this.approvers = Objects.requireNonNull(approvers, "approvers");
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    /**
     * Empty when {@code viewer} is an approver; else why not, for the answer, starting with {@code onlyApprovers}
     * (what only approvers do, e.g. "only approvers see everyone's blocked attempts").
     */
    public Optional<String> refusal(Requester viewer, String onlyApprovers) {
        if (viewer.slack().isEmpty()) {
            return Optional.of(onlyApprovers + ", and the caller is linked to no Slack user (IDENTITY_LINKS)");
        }
        SlackUserId user;
        try {
            user = new SlackUserId(viewer.slackUserId());
        } catch (IllegalArgumentException notASlackUser) {
            return Optional.of(onlyApprovers);
        }
        if (approvers.users().contains(user)) {
            return Optional.empty();
        }
        if (approvers.groups().isEmpty() || groups.isEmpty()) {
            return Optional.of(onlyApprovers);
        }
        try {
            Set<SlackUserGroupId> member = groups.get().membership(user, approvers.groups());
            return approvers.includes(user, member) ? Optional.empty() : Optional.of(onlyApprovers);
        } catch (ApproverGroups.Unavailable unavailable) {
            return Optional.of("approver group membership cannot be read now (" + unavailable.reason() + ")");
        }
    }
}
