package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.VersionNumber;

/** What became of a submitted request. */
public sealed interface SubmitOutcome {

    /** Stored; {@code autoApproved} when the policy's catalogue approved it without a human. */
    record Submitted(AllowlistRequest request, boolean autoApproved) implements SubmitOutcome { }

    /** An open request for the same target exists; it is returned instead of a new one. */
    record ExistingRequest(AllowlistRequest request) implements SubmitOutcome { }

    /** The client retried with the same idempotency key; the original is returned. */
    record Replayed(AllowlistRequest request) implements SubmitOutcome { }

    /** The name is already allowed by {@code entry} of applied version {@code version}; nothing stored. */
    record AlreadyAllowed(DomainName requested, String entry, VersionNumber version) implements SubmitOutcome { }

    /** The input is not acceptable (bad domain name, missing justification…); nothing stored. */
    record Invalid(String field, String reason, String message) implements SubmitOutcome { }

    /** A policy rule refuses the request; nothing stored. */
    record PolicyRefused(String rule, String message) implements SubmitOutcome { }
}
