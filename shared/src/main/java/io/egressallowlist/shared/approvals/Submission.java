package io.egressallowlist.shared.approvals;

import io.egressallowlist.shared.domain.SlackUserId;

import java.util.Objects;

/**
 * A request for a domain made from Slack.
 *
 * @param user          who asks: a verified Slack user, who becomes the requester
 * @param domain        the domain as typed ({@code .example.com} for it and every subdomain)
 * @param justification why
 * @param triggerId     Slack's id of this invocation, the same on a duplicate delivery; it makes the
 *                      submission idempotent when it has Slack's shape, and is ignored otherwise
 * @param scope         the scope named for it, as typed; null when none is named ({@code default}, where the
 *                      deployment has it)
 */
public record Submission(SlackUserId user, String domain, String justification, String triggerId, String scope) {
    public Submission {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(justification, "justification");
        triggerId = triggerId == null ? "" : triggerId;
    }

    /** A submission that names no scope. */
    public Submission(SlackUserId user, String domain, String justification, String triggerId) {
        this(user, domain, justification, triggerId, null);
    }
}
