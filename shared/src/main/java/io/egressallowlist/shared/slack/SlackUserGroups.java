package io.egressallowlist.shared.slack;

import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.notify.ApproverGroups;

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
public final class SlackUserGroups implements ApproverGroups {

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

    /** {@inheritDoc} The reason of {@link Unavailable} is Slack's error code ({@link SlackException#error()}). */
    @Override
    public Set<SlackUserGroupId> membership(SlackUserId user, Set<SlackUserGroupId> candidates) {
        Set<SlackUserGroupId> member = new LinkedHashSet<>();
        try {
            for (SlackUserGroupId group : candidates) {
                if (members(group).contains(user.value())) {
                    member.add(group);
                }
            }
        } catch (SlackException e) {
            throw new Unavailable(e.error(), e);
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
