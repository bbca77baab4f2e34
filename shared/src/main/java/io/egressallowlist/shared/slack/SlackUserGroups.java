package io.egressallowlist.shared.slack;

import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which of the approver user groups a Slack user belongs to, read with {@code usergroups.users.list}.
 * Memberships are cached per container for a short time: a click should not wait on Slack twice, and a
 * person removed from the approvers group loses the right within {@code ttl}.
 */
public final class SlackUserGroups {

    private record Members(Set<String> users, Instant readAt) { }

    private final SlackClient slack;
    private final Clock clock;
    private final Duration ttl;
    private final Map<SlackUserGroupId, Members> cache = new ConcurrentHashMap<>();

    public SlackUserGroups(SlackClient slack, Clock clock, Duration ttl) {
        this.slack = slack;
        this.clock = clock;
        this.ttl = ttl;
    }

    /**
     * The groups among {@code candidates} that {@code user} is a member of.
     *
     * @throws SlackException when a group's members cannot be read; the caller must not assume either answer
     */
    public Set<SlackUserGroupId> membership(SlackUserId user, Set<SlackUserGroupId> candidates) {
        Set<SlackUserGroupId> member = new LinkedHashSet<>();
        for (SlackUserGroupId group : candidates) {
            if (members(group).contains(user.value())) {
                member.add(group);
            }
        }
        return member;
    }

    private Set<String> members(SlackUserGroupId group) {
        Instant now = clock.instant();
        Members cached = cache.get(group);
        if (cached != null && cached.readAt().plus(ttl).isAfter(now)) {
            return cached.users();
        }
        List<String> users = slack.userGroupMembers(group.value());
        Members fresh = new Members(Set.copyOf(users), now);
        cache.put(group, fresh);
        return fresh.users();
    }
}
