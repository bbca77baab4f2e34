package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.Channel;
import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is acting and through what, as established by the caller's authentication (IAM for the API,
 * a verified Slack signature for Slack).
 *
 * @param principal  the authenticated identity: an IAM ARN, or {@code slack:<user id>}
 * @param slackUser  the Slack user, when acting from Slack (or when the IAM identity is linked to one)
 * @param slackGroups the Slack user groups the Slack user belongs to, when known
 * @param via        the channel
 * @param sourceIp   the caller's address, when known
 */
public record Actor(String principal, SlackUserId slackUser, Set<SlackUserGroupId> slackGroups, Channel via,
                    String sourceIp) {
    public Actor {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(via, "via");
        slackGroups = slackGroups == null ? Set.of() : Set.copyOf(slackGroups);
    }

    public static Actor api(String principal, String sourceIp) {
        return new Actor(principal, null, Set.of(), Channel.API, sourceIp);
    }

    public static Actor slack(SlackUserId user, Set<SlackUserGroupId> groups) {
        return new Actor("slack:" + user.value(), user, groups, Channel.SLACK, null);
    }

    public static Actor system(String component) {
        return new Actor("system:" + component, null, Set.of(), Channel.SCHEDULE, null);
    }

    /** The actor as the audit trail records it. */
    public AuditEvent.By by() {
        return new AuditEvent.By(principal, via, sourceIp);
    }

    public Optional<SlackUserId> slack() {
        return Optional.ofNullable(slackUser);
    }
}
