package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeName;

import java.util.Optional;

/**
 * Which scope a new request is made in, and who decides a scope's requests. The scope is the one asked for, else the
 * asker's own (their Studio domain's), else {@code default} where the deployment has it; a name that is not a scope
 * is refused with the names there are. Only approvers of {@code global} may ask for changes to {@code global}, the
 * list every workload shares. A scope's requests are decided by that scope's approvers only.
 */
final class ScopeRules {

    /** The scope of a new request, or the refusal that answers the asker (already recorded; nothing stored). */
    record Resolved(ScopeName scope, SubmitOutcome refusal) {
        static Resolved in(ScopeName scope) {
            return new Resolved(scope, null);
        }

        static Resolved refused(SubmitOutcome refusal) {
            return new Resolved(null, refusal);
        }

        boolean isRefused() {
            return refusal != null;
        }
    }

    private final ScopeViews views;
    private final RequestIntake intake;

    ScopeRules(ScopeViews views, RequestIntake intake) {
        this.views = views;
        this.intake = intake;
    }

    /** The scope {@code choice} makes a new request in, refused when unknown, missing or {@code global} to a non-approver. */
    Resolved resolve(ScopeChoice choice, Actor actor) {
        Resolved resolved = choice.asked().map(asked -> named(asked, actor))
                .or(() -> choice.callers().filter(own -> views.scopes().find(own).isPresent()).map(Resolved::in))
                .or(() -> views.scopes().find(ScopeName.DEFAULT).map(Scope::name).map(Resolved::in))
                .orElseGet(() -> refuse(actor, "SCOPE_REQUIRED", "Say which scope (allow-list) the request is for:"
                        + " you belong to no scope's Studio domain. The scopes are " + names() + "."));
        if (resolved.isRefused() || !resolved.scope().isGlobal() || isApprover(ScopeName.GLOBAL, actor)) {
            return resolved;
        }
        String message = "Only approvers of scope global may ask for changes to it: global is the list every workload"
                + " shares. Ask in your own scope, or ask a global approver.";
        intake.recordRejection(actor, "scope", "NOT_AN_APPROVER", message);
        return Resolved.refused(new SubmitOutcome.PolicyRefused("NOT_AN_APPROVER", message));
    }

    /** A scope the deployment has, by the name the asker gave. */
    Resolved named(String asked, Actor actor) {
        ScopeName name;
        try {
            name = ScopeName.of(asked);
        } catch (IllegalArgumentException e) {
            return refuse(actor, "INVALID_SCOPE", e.getMessage());
        }
        if (views.scopes().find(name).isEmpty()) {
            return refuse(actor, "UNKNOWN_SCOPE", "There is no scope " + name + "; the scopes are "
                    + names() + ".");
        }
        return Resolved.in(name);
    }

    /** Whether {@code actor} is an approver of {@code scope} (by Slack user or approver group); never for an unknown scope. */
    boolean isApprover(ScopeName scope, Actor actor) {
        return actor.slack().isPresent() && views.scopes().find(scope)
                .map(found -> found.policy().approvers().includes(actor.slackUser(), actor.slackGroups()))
                .orElse(false);
    }

    /**
     * Why someone who is no approver of {@code scope} may not {@code verb} its request: {@code asBefore} in
     * {@code default} (the one list's messages stay as they were), else naming the scope.
     */
    static String notAnApprover(ScopeName scope, String verb, String asBefore) {
        return scope.isDefault() ? asBefore : "You are not an approver of scope " + scope + "; only its approvers can "
                + verb + " its requests.";
    }

    private Resolved refuse(Actor actor, String reason, String message) {
        intake.recordRejection(actor, "scope", reason, message);
        return Resolved.refused(new SubmitOutcome.Invalid("scope", reason, message));
    }

    private String names() {
        return views.scopes().names().stream().map(ScopeName::value).toList().toString();
    }

    Optional<Scope> find(ScopeName scope) {
        return views.scopes().find(scope);
    }
}
