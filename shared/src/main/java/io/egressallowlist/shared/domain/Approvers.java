package io.egressallowlist.shared.domain;

import java.util.Collections;
import java.util.Set;

/**
 * Who may approve: named Slack users and members of Slack user groups. Group membership lives in
 * Slack, so the caller resolves the approver's groups and passes them in.
 */
public record Approvers(Set<SlackUserId> users, Set<SlackUserGroupId> groups) {

    public Approvers {
        users = Set.copyOf(users);
        groups = Set.copyOf(groups);
        if (users.isEmpty() && groups.isEmpty()) {
            throw new IllegalArgumentException("At least one approver (a user or a user group) is required.");
        }
    }

    public boolean includes(SlackUserId user, Set<SlackUserGroupId> userGroups) {
        return users.contains(user) || !Collections.disjoint(groups, userGroups);
    }
}
