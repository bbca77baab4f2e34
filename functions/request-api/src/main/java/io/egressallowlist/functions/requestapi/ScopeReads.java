package io.egressallowlist.functions.requestapi;

import io.egressallowlist.shared.api.CallerResolver;
import io.egressallowlist.shared.api.ScopeQueries;
import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeName;

import java.util.List;

/**
 * Which scope a read of the allow-list or its versions is about: query {@code scope} when given, else the caller's
 * own (their Studio domain's), else {@code default} when the deployment has it. A scope that does not exist is a 400
 * naming {@code scope} and listing the scopes there are, so a client can correct the call.
 */
record ScopeReads(ScopeQueries queries, CallerResolver callers) {

    /** The scope of the read {@code parameters} ask for. */
    Scope of(Parameters parameters) {
        return queries.choose(parameters.scopeName(), callers.resolve(parameters.principal()).studio())
                .match(new ScopeQueries.Choice.Cases<>(ScopeQueries.Choice.Chosen::scope, unknown -> {
                    throw unknown(unknown.name(), unknown.known()).exception();
                }, required -> {
                    throw Problem.invalid("scope", "MISSING", "Name the scope to read: ?scope=<name>, one of "
                            + names(required.known()) + " (you belong to none of them).")
                            .with("scopes", names(required.known())).exception();
                }));
    }

    /** {@code scope} when the deployment has it, else the 400 of {@link #unknown}. */
    ScopeName known(ScopeName scope) {
        if (queries.scopes().find(scope).isEmpty()) {
            throw unknown(scope, queries.scopes().names()).exception();
        }
        return scope;
    }

    /** 400 for a scope that does not exist, listing those that do. */
    static Problem unknown(ScopeName name, List<ScopeName> known) {
        return Problem.invalid("scope", "UNKNOWN_SCOPE", "There is no scope '" + name + "'; the scopes are "
                + String.join(", ", names(known)) + ".").with("scopes", names(known));
    }

    static List<String> names(List<ScopeName> scopes) {
        return scopes.stream().map(ScopeName::value).toList();
    }
}
