package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.CapacityWarning;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.VersionNumber;

import java.util.List;
import java.util.function.Function;

/** What became of a submitted request or a rollback request. */
public sealed interface SubmitOutcome {
    /** One function per case, so that a new case fails compilation wherever it is not handled. */
    record Cases<R>(Function<? super Submitted, ? extends R> submitted,
            Function<? super ExistingRequest, ? extends R> existing,
            Function<? super Replayed, ? extends R> replayed,
            Function<? super IdempotencyKeyReused, ? extends R> keyReused,
            Function<? super RollbackAlreadyOpen, ? extends R> rollbackOpen,
            Function<? super AlreadyAllowed, ? extends R> alreadyAllowed,
            Function<? super Invalid, ? extends R> invalid,
            Function<? super PolicyRefused, ? extends R> policyRefused) { }

    <R> R match(Cases<R> cases);

    /**
     * Stored; {@code autoApproved} when the policy's catalogue approved it without a human; {@code warnings} when
     * the allow-list is full or nearly so (an approved request then waits for room).
     */
    record Submitted(AllowlistRequest request, boolean autoApproved, List<CapacityWarning> warnings)
            implements SubmitOutcome {
        public Submitted {
            warnings = List.copyOf(warnings);
        }

        public Submitted(AllowlistRequest request, boolean autoApproved) {
            this(request, autoApproved, List.of());
        }

        @Override public <R> R match(Cases<R> cases) { return cases.submitted().apply(this); }
    }

    /** An open request for the same target (or rollback to the same version) exists; it is returned instead of a new one. */
    record ExistingRequest(AllowlistRequest request) implements SubmitOutcome {
        @Override public <R> R match(Cases<R> cases) { return cases.existing().apply(this); }
    }

    /**
     * The client retried with the same idempotency key and the same ask; the original is returned.
     * {@code createdByKey} when the key's first use created it, false when that first use met an open request.
     */
    record Replayed(AllowlistRequest request, boolean createdByKey) implements SubmitOutcome {
        @Override public <R> R match(Cases<R> cases) { return cases.replayed().apply(this); }
    }

    /**
     * The idempotency key was first used for a different ask ({@code original}: another target, or a rollback
     * to another version); nothing stored. A retry must repeat its first ask; a new ask needs a new key.
     */
    record IdempotencyKeyReused(AllowlistRequest original) implements SubmitOutcome {
        @Override public <R> R match(Cases<R> cases) { return cases.keyReused().apply(this); }
    }

    /**
     * A rollback to another version is still open ({@code open}); only one rollback may be open at a time,
     * so that approvers never weigh two restores of the allow-list against each other. Nothing stored.
     */
    record RollbackAlreadyOpen(AllowlistRequest open) implements SubmitOutcome {
        @Override public <R> R match(Cases<R> cases) { return cases.rollbackOpen().apply(this); }
    }

    /** The name is already allowed by {@code entry} of applied version {@code version}; nothing stored. */
    record AlreadyAllowed(DomainName requested, String entry, VersionNumber version) implements SubmitOutcome {
        @Override public <R> R match(Cases<R> cases) { return cases.alreadyAllowed().apply(this); }
    }

    /** The input is not acceptable (bad domain name, missing justification…); nothing stored. */
    record Invalid(String field, String reason, String message) implements SubmitOutcome {
        @Override public <R> R match(Cases<R> cases) { return cases.invalid().apply(this); }
    }

    /** A policy rule refuses the request; nothing stored. */
    record PolicyRefused(String rule, String message) implements SubmitOutcome {
        @Override public <R> R match(Cases<R> cases) { return cases.policyRefused().apply(this); }
    }
}
