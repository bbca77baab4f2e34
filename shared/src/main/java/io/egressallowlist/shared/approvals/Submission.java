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
 */
public record Submission(SlackUserId user, String domain, String justification, String triggerId) {
    public Submission {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(justification, "justification");
        triggerId = triggerId == null ? "" : triggerId;
    }
}
