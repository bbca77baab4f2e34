package io.egressallowlist.shared.reconcile;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionLog;

import java.util.List;
import java.util.TreeSet;

/**
 * The requests of one scope as its reconciler reads them: its intents and its active grants, never another
 * scope's (each scope has its own rule group and version log), and the list its intents make of a version's.
 */
final class ScopeIntents {

    private final RequestRepository requests;
    private final VersionLog log;
    private final ScopeName scope;

    ScopeIntents(RequestRepository requests, VersionLog log, ScopeName scope) {
        this.requests = requests;
        this.log = log;
        this.scope = scope;
    }

    /** The scope's requests that carry an intent, in decision order. */
    List<AllowlistRequest> intents() {
        return requests.withIntent(scope);
    }

    /** The scope's active grants of {@code target}: the same target may be granted in another scope too. */
    List<AllowlistRequest> activeFor(FirewallTarget target) {
        return requests.activeFor(scope, target);
    }

    /** Applies intents in decision order to a copy of {@code base}; a switch of mode keeps the list. */
    List<String> fold(List<String> base, List<AllowlistRequest> intents) {
        TreeSet<String> targets = new TreeSet<>(base);
        for (AllowlistRequest request : intents) {
            if (request.mode() != null) {
                continue;
            }
            switch (request.intent()) {
                case ADD -> targets.add(request.target().value());
                case REMOVE -> {
                    boolean heldByAnother = activeFor(request.target()).stream()
                            .anyMatch(other -> !other.id().equals(request.id()));
                    boolean addedLater = intents.stream().anyMatch(other -> other.intent() == Intent.ADD
                            && request.target().equals(other.target()) && other.updatedAt().isAfter(request.updatedAt()));
                    if (!heldByAnother && !addedLater) {
                        targets.remove(request.target().value());
                    }
                }
                case ROLLBACK -> {
                    AllowlistVersion restored = log.find(request.rollbackTo()).orElseThrow(() -> new ReconcileException(
                            "request " + request.id() + " rolls back to version " + request.rollbackTo()
                                    + ", which does not exist"));
                    targets.clear();
                    targets.addAll(restored.targets());
                }
            }
        }
        return List.copyOf(targets);
    }
}
