package io.egressallowlist.shared.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Who asked. {@code principal} is the identity that authenticated (an IAM ARN from the private API, or
 * {@code slack:<user id>} from Slack); the optional parts are what we could resolve about it.
 *
 * @param principal        the authenticated identity
 * @param slackUserId      the Slack user, when known (needed to refuse self-approval in Slack)
 * @param studioUserProfile the SageMaker Studio user profile, when the principal is a Studio execution role
 */
public record Requester(String principal, String slackUserId, String studioUserProfile) {
    public Requester {
        Objects.requireNonNull(principal, "principal");
        if (principal.isBlank()) {
            throw new IllegalArgumentException("requester principal must not be blank");
        }
    }

    public static Requester of(String principal) {
        return new Requester(principal, null, null);
    }

    public Optional<String> slack() {
        return Optional.ofNullable(slackUserId);
    }

    public Optional<String> studioProfile() {
        return Optional.ofNullable(studioUserProfile);
    }

    /** Whether {@code actor} (an IAM ARN, {@code slack:U…} or a bare Slack id) is this requester. */
    public boolean isSamePersonAs(String actor) {
        if (actor == null) {
            return false;
        }
        return actor.equals(principal)
                || (slackUserId != null && (actor.equals(slackUserId) || actor.equals("slack:" + slackUserId)));
    }
}
