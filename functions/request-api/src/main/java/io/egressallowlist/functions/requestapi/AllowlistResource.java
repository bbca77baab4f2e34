package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.api.AllowlistQueries;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.Scope;

/**
 * {@code /allowlist}: a scope's allow-list as last applied to its rule group, and whether a name is on it; the scope
 * is {@code ?scope=} or the caller's own ({@link ScopeReads}).
 */
record AllowlistResource(ScopeReads scopes, Representations representations) {

    /** {@code GET /allowlist?scope=}. */
    Reply current(Parameters parameters) {
        Scope scope = scopes.of(parameters.takesQuery("scope"));
        AllowlistVersion current = scopes.queries().in(scope.name()).current()
                .orElseThrow(() -> noAppliedVersion(scope));
        ObjectNode node = representations.object().put("scope", scope.name().value()).put("version", current.number())
                .put("mode", current.mode().label())
                .put("sha256", current.sha256())
                .put("appliedAt", Representations.instant(current.appliedAt()))
                .put("targetCount", current.targets().size());
        current.targets().forEach(node.putArray("targets")::add);
        return representations.reply(200, node);
    }

    /** {@code GET /allowlist/check?domain=&scope=}. */
    Reply check(Parameters parameters) {
        String domain = parameters.takesQuery("domain", "scope").requiredQuery("domain",
                "Give the name to check: GET /allowlist/check?domain=example.com");
        Scope scope = scopes.of(parameters);
        String name = scope.name().value();
        return scopes.queries().in(scope.name()).check(domain).match(new AllowlistQueries.Check.Cases<>(invalid -> {
            throw Problem.invalid("domain", invalid.reason().name(), invalid.message()).exception();
        }, none -> {
            throw noAppliedVersion(scope);
        }, allowed -> representations.reply(200, representations.object().put("domain", allowed.name().target())
                .put("allowed", true).put("entry", allowed.entry()).put("version", allowed.version().number())
                .put("scope", name)), denied -> representations.reply(200, representations.object()
                .put("domain", denied.name().target()).put("allowed", false).putNull("entry")
                .put("version", denied.version().number()).put("scope", name))));
    }

    private static Problem.ProblemException noAppliedVersion(Scope scope) {
        return Problem.of(Problem.Type.NOT_FOUND, "No version of the allow-list" + (scope.name().isDefault() ? ""
                : " of scope " + scope.name()) + " has been applied yet; the reconciler records the rule group's content"
                + " as the first version on its first run.").exception();
    }
}
