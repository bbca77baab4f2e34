package io.egressallowlist.shared.reconcile;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.VersionCause;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** Why a version the reconciler appends exists, and whom it names as its actor, from the intents it folds. */
final class VersionCauses {

    private VersionCauses() {
    }

    /**
     * The requests a version carries, each removal named by why it happens ({@link VersionCause#requests}); a
     * rollback among them makes it a rollback.
     */
    static VersionCause causeOf(List<AllowlistRequest> intents) {
        List<RequestId> ids = intents.stream().map(AllowlistRequest::id).toList();
        Optional<AllowlistRequest> rollback = intents.stream()
                .filter(r -> r.kind() == RequestKind.ROLLBACK).reduce((first, second) -> second);
        return rollback.map(r -> new VersionCause(VersionCause.Type.ROLLBACK, ids, r.rollbackTo(), null))
                .orElseGet(() -> VersionCause.requests(intents));
    }

    /**
     * As {@link #causeOf(List)}; a version that switches the scope from {@code before} to another mode says so first:
     * "switch from learn to enforce (r7); requests r1, r5".
     */
    static VersionCause causeOf(List<AllowlistRequest> intents, ScopeMode before) {
        ScopeMode after = modeAfter(before, intents);
        VersionCause cause = causeOf(intents);
        if (after == before) {
            return cause;
        }
        String switches = intents.stream().filter(r -> r.mode() != null).map(r -> r.id().value())
                .collect(Collectors.joining(", "));
        List<AllowlistRequest> others = intents.stream().filter(r -> r.mode() == null).toList();
        String rest = others.isEmpty() ? "" : "; " + causeOf(others).describe();
        return new VersionCause(cause.type(), cause.requestIds(), cause.rollbackTo(), "switch from " + before.label()
                + " to " + after.label() + " (" + switches + ")" + rest);
    }

    /** The mode after the intents: the last switch among them, else {@code before}. */
    static ScopeMode modeAfter(ScopeMode before, List<AllowlistRequest> intents) {
        return intents.stream().map(AllowlistRequest::mode).filter(Objects::nonNull).reduce((first, second) -> second)
                .orElse(before);
    }

    /** The version that puts a new scope's rule group in the mode the scope starts in. */
    static VersionCause initialMode(ScopeMode mode) {
        return new VersionCause(VersionCause.Type.REQUESTS, List.of(), null, "the scope starts in " + mode.label());
    }

    /** How an adopted drift's cause names a mode the live group was switched to; empty when the mode is unchanged. */
    static String modeDrift(AllowlistVersion lastApplied, ScopeMode live) {
        return live == lastApplied.mode() ? "" : ", mode " + lastApplied.mode().label() + " to " + live.label();
    }

    /** The one person who decided every intent, else the reconciler itself. */
    static String actorOf(List<AllowlistRequest> intents, String reconciler) {
        List<String> deciders = intents.stream().map(AllowlistRequest::decidedBy).filter(Objects::nonNull).distinct()
                .toList();
        return deciders.size() == 1 ? deciders.get(0) : reconciler;
    }
}
