package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.api.AllowlistQueries;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionLog.VersionSummary;
import io.egressallowlist.shared.domain.VersionNumber;

/**
 * {@code /versions}: the version log of a scope's allow-list, newest first, each version with its changes; the scope
 * is {@code ?scope=} or the caller's own ({@link ScopeReads}).
 */
record VersionsResource(ScopeReads scopes, Representations representations) {

    /** {@code GET /versions?before=&limit=&scope=}. */
    Reply list(Parameters parameters) {
        parameters.takesQuery("before", "limit", "scope");
        VersionNumber before = parameters.versionQuery("before").orElse(null);
        ScopeName scope = scopes.of(parameters).name();
        AllowlistQueries.VersionPage page = scopes.queries().in(scope).versions(before, parameters.limit());
        ObjectNode node = representations.object().put("scope", scope.value());
        ArrayNode items = node.putArray("items");
        for (VersionSummary summary : page.items()) {
            items.add(representations.summary(summary, scope));
        }
        node.put("nextBefore", page.nextBefore());
        return representations.reply(200, node);
    }

    /** {@code GET /versions/{number}}: the version and what it changed against its parent. */
    Reply get(Parameters parameters) {
        parameters.takesQuery("scope");
        VersionNumber number = parameters.version("number");
        ScopeName scope = scopes.of(parameters).name();
        AllowlistQueries.VersionDetail detail = scopes.queries().in(scope).version(number)
                .orElseThrow(() -> noSuchVersion(number, scope));
        ObjectNode node = representations.version(detail.version(), scope);
        ObjectNode changes = representations.diff(detail.changes());
        changes.put("against", detail.version().parent());
        node.set("changes", changes);
        return representations.reply(200, node);
    }

    /** {@code GET /versions/{number}/diff/{other}}. */
    Reply diff(Parameters parameters) {
        parameters.takesQuery("scope");
        VersionNumber from = parameters.version("number");
        VersionNumber to = parameters.version("other");
        ScopeName scope = scopes.of(parameters).name();
        return scopes.queries().in(scope).diff(from, to).match(new AllowlistQueries.Diff.Cases<>(found -> {
            ObjectNode node = representations.object().put("scope", scope.value()).put("from", from.value())
                    .put("to", to.value())
                    .put("fromSha256", found.from().sha256()).put("toSha256", found.to().sha256());
            node.setAll(representations.diff(found.diff()));
            return representations.reply(200, node);
        }, missing -> {
            throw noSuchVersion(missing.number(), scope);
        }));
    }

    /** The 404 for a version the log does not hold (also when asking to roll back to it). */
    static Problem.ProblemException noSuchVersion(VersionNumber number) {
        return noSuchVersion(number, ScopeName.DEFAULT);
    }

    static Problem.ProblemException noSuchVersion(VersionNumber number, ScopeName scope) {
        return Problem.of(Problem.Type.NOT_FOUND, "There is no version " + number + " of the allow-list"
                + (scope.isDefault() ? "; GET /versions lists them." : " of scope " + scope + "; GET /versions?scope="
                + scope + " lists them.")).exception();
    }
}
