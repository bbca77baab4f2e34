package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.VersionNumber;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Requests that change a scope's whole list at once: a rollback to one of that scope's versions, and a switch of
 * its mode (learning ↔ enforcing). Both always need the scope's approvers; each scope has at most one of each open.
 */
final class ScopeChanges {

    private final ScopeViews views;
    private final ScopeRules rules;
    private final RequestIntake intake;
    private final Duration pendingTimeout;
    private final Clock clock;

    ScopeChanges(ScopeViews views, ScopeRules rules, RequestIntake intake, Duration pendingTimeout, Clock clock) {
        this.views = views;
        this.rules = rules;
        this.intake = intake;
        this.pendingTimeout = pendingTimeout;
        this.clock = clock;
    }

    /** A rollback of {@code scope} to its version {@code number}; see {@link RequestService#requestRollback}. */
    SubmitOutcome rollback(ScopeChoice scope, VersionNumber number, String justification, Requester requester,
                           Actor actor, String idempotencyKey) {
        ScopeRules.Resolved resolved = rules.resolve(scope, actor);
        if (resolved.isRefused()) {
            return resolved.refusal();
        }
        Optional<SubmitOutcome> badJustification = intake.checkJustification(justification, actor);
        if (badJustification.isPresent()) {
            return badJustification.get();
        }
        VersionLog versions = views.versions(resolved.scope());
        Optional<AllowlistVersion> target = versions.find(number);
        if (target.isEmpty()) {
            intake.recordRejection(actor, "version", "UNKNOWN_VERSION", "version " + number + " does not exist");
            return new SubmitOutcome.Invalid("version", "UNKNOWN_VERSION", "Version " + number
                    + " does not exist" + inScope(resolved.scope()) + "; list the versions to pick one.");
        }
        Optional<AllowlistVersion> live = versions.lastApplied();
        if (live.isPresent() && live.get().sha256().equals(target.get().sha256())) {
            return new SubmitOutcome.Invalid("version", "ALREADY_CURRENT", "The allow-list" + inScope(resolved.scope())
                    + " already equals version " + number + " (live version " + live.get().number()
                    + "); there is nothing to roll back.");
        }
        AllowlistRequest request = AllowlistRequest.newRollbackRequest(intake.newId(), number, requester,
                justification.strip(), clock.instant(), pendingTimeout, idempotencyKey).inScope(resolved.scope());
        return intake.create(request, actor, false);
    }

    /** A switch of {@code scope} to {@code mode}; see {@link RequestService#requestModeChange}. */
    SubmitOutcome modeChange(ScopeName scope, ScopeMode mode, String justification, Requester requester, Actor actor,
                             String idempotencyKey) {
        ScopeRules.Resolved resolved = rules.resolve(ScopeChoice.named(scope), actor);
        if (resolved.isRefused()) {
            return resolved.refusal();
        }
        if (scope.isGlobal()) {
            return refuse(actor, "mode", "NO_MODE", "Scope global passes what it lists and lets the rest fall through"
                    + " to each team's list; it has no learning mode. Switch a team scope instead.");
        }
        Optional<SubmitOutcome> badJustification = intake.checkJustification(justification, actor);
        if (badJustification.isPresent()) {
            return badJustification.get();
        }
        ScopeMode current = currentMode(scope);
        if (current == mode) {
            return refuse(actor, "mode", "ALREADY_IN_MODE", "Scope " + scope + " is already in " + mode.label()
                    + " mode; there is nothing to switch.");
        }
        AllowlistRequest request = AllowlistRequest.newModeRequest(intake.newId(), scope, mode, requester,
                justification.strip(), clock.instant(), pendingTimeout, idempotencyKey);
        return intake.create(request, actor, false);
    }

    /** The mode of the scope's version last applied to the firewall; before its first, the mode it starts in. */
    ScopeMode currentMode(ScopeName scope) {
        return views.versions(scope).lastApplied().map(AllowlistVersion::mode)
                .orElseGet(() -> rules.find(scope).map(Scope::initialMode).orElse(ScopeMode.ENFORCE));
    }

    private SubmitOutcome refuse(Actor actor, String field, String reason, String message) {
        intake.recordRejection(actor, field, reason, message);
        return new SubmitOutcome.Invalid(field, reason, message);
    }

    /** Nothing for {@code default} (its messages stay as they were), " of scope <name>" otherwise. */
    private static String inScope(ScopeName scope) {
        return scope.isDefault() ? "" : " of scope " + scope;
    }
}
