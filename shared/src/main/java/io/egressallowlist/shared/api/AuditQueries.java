package io.egressallowlist.shared.api;

import io.egressallowlist.shared.domain.AuditPage;
import io.egressallowlist.shared.domain.AuditQuery;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.Operators;
import io.egressallowlist.shared.domain.Requester;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code GET /audit} reads: pages of the audit trail, for approvers ({@link ApproverCheck}, as for everyone's
 * blocked attempts) and operators ({@link Operators}) only. The trail names who asked for, approved and refused
 * what, so nobody else reads it; the same people verify its hash chain.
 */
public final class AuditQueries {

    /** The outcome of {@link #read}. */
    public sealed interface View {
        /** One function per case, so that a new case fails compilation wherever it is not handled. */
        record Cases<R>(Function<? super Page, ? extends R> page, Function<? super NotAllowed, ? extends R> notAllowed) { }

        <R> R match(Cases<R> cases);

        /** The page asked for. */
        record Page(AuditPage page) implements View {
            @Override public <R> R match(Cases<R> cases) { return cases.page().apply(this); }
        }

        /** The viewer is neither an approver nor an operator; {@code reason} says why, for the answer. */
        record NotAllowed(String reason) implements View {
            @Override public <R> R match(Cases<R> cases) { return cases.notAllowed().apply(this); }
        }
    }

    /** The outcome of {@link #verify}. */
    public sealed interface Verdict {
        /** One function per case, so that a new case fails compilation wherever it is not handled. */
        record Cases<R>(Function<? super Checked, ? extends R> checked,
                        Function<? super View.NotAllowed, ? extends R> notAllowed) { }

        <R> R match(Cases<R> cases);

        /** The page of the chain verified. */
        record Checked(AuditVerification.Report report) implements Verdict {
            @Override public <R> R match(Cases<R> cases) { return cases.checked().apply(this); }
        }

        /** The viewer may not read the trail, so may not verify it either. */
        record Refused(View.NotAllowed refusal) implements Verdict {
            @Override public <R> R match(Cases<R> cases) { return cases.notAllowed().apply(refusal); }
        }
    }

    private final AuditTrail trail;
    private final ApproverCheck approvers;
    private final Operators operators;
    private final AuditVerification verification;

    public AuditQueries(AuditTrail trail, ApproverCheck approvers, Operators operators,
                        AuditVerification verification) {
        this.trail = Objects.requireNonNull(trail, "trail");
        this.approvers = Objects.requireNonNull(approvers, "approvers");
        this.operators = Objects.requireNonNull(operators, "operators");
        this.verification = Objects.requireNonNull(verification, "verification");
    }

    /** The page {@code query} asks for, if {@code viewer} may read the trail. */
    public View read(Requester viewer, AuditQuery query) {
        Optional<String> refusal = refusal(viewer);
        return refusal.isPresent() ? new View.NotAllowed(refusal.get()) : new View.Page(trail.query(query));
    }

    /**
     * One page of the hash chain verified after place {@code after} ({@link AuditVerification#verify}), if
     * {@code viewer} may read the trail; its {@code IllegalArgumentException} for bad paging comes through.
     */
    public Verdict verify(Requester viewer, long after, int limit) {
        Optional<String> refusal = refusal(viewer);
        if (refusal.isPresent()) {
            return new Verdict.Refused(new View.NotAllowed(refusal.get()));
        }
        return new Verdict.Checked(verification.verify(after, limit));
    }

    /**
     * Empty when {@code viewer} may read the audit trail (an operator, else an approver); else why not. Operators are
     * asked first: that needs no Slack.
     */
    public Optional<String> refusal(Requester viewer) {
        if (operators.includes(viewer.principal())) {
            return Optional.empty();
        }
        return approvers.refusal(viewer, "only approvers and operators (OPERATOR_PRINCIPALS) read the audit trail");
    }
}
