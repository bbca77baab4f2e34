package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.VersionNumber;

import java.util.function.Function;

/** What became of a submitted request. */
public sealed interface SubmitOutcome {
    /** One function per case, so that a new case fails compilation wherever it is not handled. */
    <R> R match(Function<? super Submitted, ? extends R> submitted,
            Function<? super ExistingRequest, ? extends R> existing, Function<? super Replayed, ? extends R> replayed,
            Function<? super AlreadyAllowed, ? extends R> alreadyAllowed,
            Function<? super Invalid, ? extends R> invalid, Function<? super PolicyRefused, ? extends R> policyRefused);

    /** Stored; {@code autoApproved} when the policy's catalogue approved it without a human. */
    record Submitted(AllowlistRequest request, boolean autoApproved) implements SubmitOutcome {
        @Override
        public <R> R match(Function<? super Submitted, ? extends R> submitted,
                Function<? super ExistingRequest, ? extends R> existing,
                Function<? super Replayed, ? extends R> replayed,
                Function<? super AlreadyAllowed, ? extends R> alreadyAllowed,
                Function<? super Invalid, ? extends R> invalid,
                Function<? super PolicyRefused, ? extends R> policyRefused) {
            return submitted.apply(this);
        }
    }

    /** An open request for the same target exists; it is returned instead of a new one. */
    record ExistingRequest(AllowlistRequest request) implements SubmitOutcome {
        @Override
        public <R> R match(Function<? super Submitted, ? extends R> submitted,
                Function<? super ExistingRequest, ? extends R> existing,
                Function<? super Replayed, ? extends R> replayed,
                Function<? super AlreadyAllowed, ? extends R> alreadyAllowed,
                Function<? super Invalid, ? extends R> invalid,
                Function<? super PolicyRefused, ? extends R> policyRefused) {
            return existing.apply(this);
        }
    }

    /** The client retried with the same idempotency key; the original is returned. */
    record Replayed(AllowlistRequest request) implements SubmitOutcome {
        @Override
        public <R> R match(Function<? super Submitted, ? extends R> submitted,
                Function<? super ExistingRequest, ? extends R> existing,
                Function<? super Replayed, ? extends R> replayed,
                Function<? super AlreadyAllowed, ? extends R> alreadyAllowed,
                Function<? super Invalid, ? extends R> invalid,
                Function<? super PolicyRefused, ? extends R> policyRefused) {
            return replayed.apply(this);
        }
    }

    /** The name is already allowed by {@code entry} of applied version {@code version}; nothing stored. */
    record AlreadyAllowed(DomainName requested, String entry, VersionNumber version) implements SubmitOutcome {
        @Override
        public <R> R match(Function<? super Submitted, ? extends R> submitted,
                Function<? super ExistingRequest, ? extends R> existing,
                Function<? super Replayed, ? extends R> replayed,
                Function<? super AlreadyAllowed, ? extends R> alreadyAllowed,
                Function<? super Invalid, ? extends R> invalid,
                Function<? super PolicyRefused, ? extends R> policyRefused) {
            return alreadyAllowed.apply(this);
        }
    }

    /** The input is not acceptable (bad domain name, missing justification…); nothing stored. */
    record Invalid(String field, String reason, String message) implements SubmitOutcome {
        @Override
        public <R> R match(Function<? super Submitted, ? extends R> submitted,
                Function<? super ExistingRequest, ? extends R> existing,
                Function<? super Replayed, ? extends R> replayed,
                Function<? super AlreadyAllowed, ? extends R> alreadyAllowed,
                Function<? super Invalid, ? extends R> invalid,
                Function<? super PolicyRefused, ? extends R> policyRefused) {
            return invalid.apply(this);
        }
    }

    /** A policy rule refuses the request; nothing stored. */
    record PolicyRefused(String rule, String message) implements SubmitOutcome {
        @Override
        public <R> R match(Function<? super Submitted, ? extends R> submitted,
                Function<? super ExistingRequest, ? extends R> existing,
                Function<? super Replayed, ? extends R> replayed,
                Function<? super AlreadyAllowed, ? extends R> alreadyAllowed,
                Function<? super Invalid, ? extends R> invalid,
                Function<? super PolicyRefused, ? extends R> policyRefused) {
            return policyRefused.apply(this);
        }
    }
}
