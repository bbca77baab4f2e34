package io.egressallowlist.shared.slack;

import io.egressallowlist.shared.domain.AllowlistRequest;

import static io.egressallowlist.shared.slack.BlockKitMessages.escape;
import static io.egressallowlist.shared.slack.BlockKitMessages.when;

/**
 * How the end of a grant is told: expired at its expiry date, or removed as unused, with the traffic evidence and its
 * dates (when the entry was last seen, or since when it was not seen at all) instead of the expiry it never reached.
 */
final class GrantEndings {

    private GrantEndings() {
    }

    /** To the requester; {@code subject} is the target as {@link BlockKitMessages} shows it. */
    static String toRequester(AllowlistRequest request, String subject) {
        return request.unusedEvidence()
                .map(evidence -> "Your grant for " + subject + " was removed as unused " + when(request.updatedAt())
                        + ": " + escape(evidence) + ". Request it again if you still need it.")
                .orElseGet(() -> "Your grant for " + subject + " expired " + when(request.expiresAt())
                        + ". Request it again if you still need it.");
    }

    /** The status line of the request's card in the approvals channel. */
    static String onCard(AllowlistRequest request) {
        return request.unusedEvidence()
                .map(evidence -> ":hourglass: Removed as unused " + when(request.updatedAt()) + ": " + escape(evidence))
                .orElseGet(() -> ":hourglass: Grant expired " + when(request.expiresAt()));
    }
}
