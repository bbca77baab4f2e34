package io.egressallowlist.shared.domain;

import java.time.Duration;

/** What policy says about a request, before any person has looked at it. */
public sealed interface PolicyDecision {

    /** Refused by policy; {@code rule} names the deny rule or the limit that refused it. */
    record Denied(String rule, String message) implements PolicyDecision {
    }

    /** Approved without a human, because the catalogue entry allows everything the request asks for. */
    record AutoApproved(DomainName catalogueEntry, Duration grant) implements PolicyDecision {
    }

    /** Needs {@code quorum} distinct approvers, none of them the requester. */
    record NeedsApproval(int quorum, Duration grant) implements PolicyDecision {
    }
}
