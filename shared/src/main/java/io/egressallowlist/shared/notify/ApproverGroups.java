package io.egressallowlist.shared.notify;

import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;

import java.util.Objects;
import java.util.Set;

/**
 * Which approver user groups a Slack user belongs to: the directory the approvers are named in
 * ({@code approver-groups} of the policy). Read where the groups are kept (Slack), so a person removed
 * from a group loses the right to decide.
 */
public interface ApproverGroups {

    /**
     * The groups among {@code candidates} that {@code user} is a member of.
     *
     * @throws Unavailable when a group's members cannot be read; the caller must not assume either answer
     */
    Set<SlackUserGroupId> membership(SlackUserId user, Set<SlackUserGroupId> candidates);

    /** The membership could not be read; {@link #reason()} is the directory's error code, never a token. */
    final class Unavailable extends RuntimeException {
        private final String reason;

        public Unavailable(String reason, Throwable cause) {
            super("approver group membership unavailable: " + reason, cause);
            this.reason = Objects.requireNonNull(reason, "reason");
        }

        public String reason() {
            return reason;
        }
    }
}
