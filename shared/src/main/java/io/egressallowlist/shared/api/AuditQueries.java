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
 * what, so nobody else reads it.
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

    private final AuditTrail trail;
    private final ApproverCheck approvers;
    private final Operators operators;

    public AuditQueries(AuditTrail trail, ApproverCheck approvers, Operators operators) {
        this.trail = Objects.requireNonNull(trail, "trail");
        this.approvers = Objects.requireNonNull(approvers, "approvers");
        this.operators = Objects.requireNonNull(operators, "operators");
    }

    /** The page {@code query} asks for, if {@code viewer} may read the trail. */
    public View read(Requester viewer, AuditQuery query) {
        Optional<String> refusal = refusal(viewer);
        return refusal.isPresent() ? new View.NotAllowed(refusal.get()) : new View.Page(trail.query(query));
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
