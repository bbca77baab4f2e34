package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.api.ScopeQueries;
import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeName;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /scopes}: the allow-lists of the deployment, each with its mode, size, head version and the Studio domains
 * it serves ({@code global} serves every domain in addition to their own scope's list).
 */
record ScopesResource(ScopeReads reads, RequestsResource requests, Supplier<List<BlockedAttempt>> learnt,
                      Representations representations) {

    /** {@code GET /scopes}. */
    Reply list(Parameters parameters) {
        parameters.takesQuery();
        ObjectNode node = representations.object();
        Optional<ScopeName> own = reads.queries().choose(Optional.empty(),
                reads.callers().resolve(parameters.principal()).studio()).match(new ScopeQueries.Choice.Cases<>(
                        chosen -> Optional.of(chosen.scope().name()), unknown -> Optional.empty(),
                        required -> Optional.empty()));
        node.put("callerScope", own.map(ScopeName::value).orElse(null));
        ArrayNode items = node.putArray("items");
        reads.queries().overview().forEach(scope -> items.add(overview(scope)));
        return representations.reply(200, node);
    }

    ObjectNode overview(ScopeQueries.Overview scope) {
        ObjectNode node = representations.object().put("name", scope.name().value()).put("mode", scope.mode().label())
                .put("capacity", scope.capacity()).put("entries", scope.entries())
                .put("headVersion", scope.head().orElse(null));
        ArrayNode domains = node.putArray("studioDomainIds");
        scope.studioDomainIds().forEach(domains::add);
        return node;
    }

    /** {@code POST /scopes/{name}/mode}: a request to switch the scope's mode, with what enforcing would block. */
    Reply requestModeChange(Parameters parameters) {
        Scope scope = named(parameters);
        return requests.modeChange(parameters, scope.name(), reads.queries().wouldBlock(scope.name(), learnt.get()));
    }

    /** The scope named in the path ({@code /scopes/{name}/…}): 400 when malformed, 404 listing them when unknown. */
    Scope named(Parameters parameters) {
        ScopeName name = Parameters.scopeName(parameters.path().getOrDefault("name", ""));
        return reads.queries().scopes().find(name).orElseThrow(() -> Problem.of(Problem.Type.NOT_FOUND,
                "There is no scope '" + name + "'; the scopes are " + String.join(", ",
                        ScopeReads.names(reads.queries().scopes().names())) + ".")
                .with("scopes", ScopeReads.names(reads.queries().scopes().names())).exception());
    }
}
