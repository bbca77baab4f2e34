package io.egressallowlist.shared.reconcile;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.VersionCause;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

    /** The one person who decided every intent, else the reconciler itself. */
    static String actorOf(List<AllowlistRequest> intents, String reconciler) {
        List<String> deciders = intents.stream().map(AllowlistRequest::decidedBy).filter(Objects::nonNull).distinct()
                .toList();
        return deciders.size() == 1 ? deciders.get(0) : reconciler;
    }
}
