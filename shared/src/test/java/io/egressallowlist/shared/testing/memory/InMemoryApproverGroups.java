package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.notify.ApproverGroups;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The approver groups in memory, with the semantics of {@code slack.SlackUserGroups} (both run
 * {@code notify.ApproverGroupsContract}): a group it does not hold is unavailable ({@code no_such_subteam}, as
 * Slack answers), not empty, and {@link #nextReadFails} makes the next read fail with a directory error code.
 * Memberships are read afresh each time (the Slack one caches them for a while). Thread-safe.
 */
public final class InMemoryApproverGroups implements ApproverGroups {

    private final Map<SlackUserGroupId, Set<SlackUserId>> groups = new ConcurrentHashMap<>();
    private volatile String nextFailure;

    /** Holds {@code group} with exactly these members, replacing its members if it was held. */
    public InMemoryApproverGroups group(SlackUserGroupId group, SlackUserId... members) {
        groups.put(group, Set.of(members));
        return this;
    }

    /** The next read of a group fails with {@code error}, as Slack's {@code "ok": false} answers do. */
    public void nextReadFails(String error) {
        nextFailure = error;
    }

    @Override
    public Set<SlackUserGroupId> membership(SlackUserId user, Set<SlackUserGroupId> candidates) {
        Set<SlackUserGroupId> member = new LinkedHashSet<>();
        for (SlackUserGroupId group : candidates) {
            if (members(group).contains(user)) {
                member.add(group);
            }
        }
        return member;
    }

    private Set<SlackUserId> members(SlackUserGroupId group) {
        String failure = nextFailure;
        if (failure != null) {
            nextFailure = null;
            throw new Unavailable(failure, null);
        }
        Set<SlackUserId> members = groups.get(group);
        if (members == null) {
            throw new Unavailable("no_such_subteam", null);
        }
        return members;
    }
}
