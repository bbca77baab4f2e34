package io.egressallowlist.shared.domain;

import java.time.Duration;
import java.util.function.Function;

/** What policy says about a request, before any person has looked at it. */
public sealed interface PolicyDecision {
    /** One function per case, so that a new case fails compilation wherever it is not handled. */
    record Cases<R>(Function<? super Denied, ? extends R> denied,
            Function<? super AutoApproved, ? extends R> autoApproved,
            Function<? super NeedsApproval, ? extends R> needsApproval) { }

    <R> R match(Cases<R> cases);

    /** Refused by policy; {@code rule} names the deny rule or the limit that refused it. */
    record Denied(String rule, String message) implements PolicyDecision {
        @Override public <R> R match(Cases<R> cases) { return cases.denied().apply(this); }
    }

    /** Approved without a human, because the catalogue entry allows everything the request asks for. */
    record AutoApproved(DomainName catalogueEntry, Duration grant) implements PolicyDecision {
        @Override public <R> R match(Cases<R> cases) { return cases.autoApproved().apply(this); }
    }

    /** Needs {@code quorum} distinct approvers, none of them the requester. */
    record NeedsApproval(int quorum, Duration grant) implements PolicyDecision {
        @Override public <R> R match(Cases<R> cases) { return cases.needsApproval().apply(this); }
    }
}
