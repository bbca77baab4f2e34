package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.api.AllowlistQueries;
import io.egressallowlist.shared.domain.VersionLog.VersionSummary;
import io.egressallowlist.shared.domain.VersionNumber;

/** {@code /versions}: the version log of the allow-list, newest first, each version with its changes. */
record VersionsResource(AllowlistQueries allowlist, Representations representations) {

    /** {@code GET /versions?before=&limit=}. */
    Reply list(Parameters parameters) {
        parameters.takesQuery("before", "limit");
        VersionNumber before = parameters.versionQuery("before").orElse(null);
        AllowlistQueries.VersionPage page = allowlist.versions(before, parameters.limit());
        ObjectNode node = representations.object();
        ArrayNode items = node.putArray("items");
        for (VersionSummary summary : page.items()) {
            items.add(representations.summary(summary));
        }
        node.put("nextBefore", page.nextBefore());
        return representations.reply(200, node);
    }

    /** {@code GET /versions/{number}}: the version and what it changed against its parent. */
    Reply get(Parameters parameters) {
        parameters.takesQuery();
        VersionNumber number = parameters.version("number");
        AllowlistQueries.VersionDetail detail = allowlist.version(number).orElseThrow(() -> noSuchVersion(number));
        ObjectNode node = representations.version(detail.version());
        ObjectNode changes = representations.diff(detail.changes());
        changes.put("against", detail.version().parent());
        node.set("changes", changes);
        return representations.reply(200, node);
    }

    /** {@code GET /versions/{number}/diff/{other}}. */
    Reply diff(Parameters parameters) {
        parameters.takesQuery();
        VersionNumber from = parameters.version("number");
        VersionNumber to = parameters.version("other");
        return allowlist.diff(from, to).match(new AllowlistQueries.Diff.Cases<>(found -> {
            ObjectNode node = representations.object().put("from", from.value()).put("to", to.value())
                    .put("fromSha256", found.from().sha256()).put("toSha256", found.to().sha256());
            node.setAll(representations.diff(found.diff()));
            return representations.reply(200, node);
        }, missing -> {
            throw noSuchVersion(missing.number());
        }));
    }

    /** The 404 for a version the log does not hold (also when asking to roll back to it). */
    static Problem.ProblemException noSuchVersion(VersionNumber number) {
        return Problem.of(Problem.Type.NOT_FOUND, "There is no version " + number
                + " of the allow-list; GET /versions lists them.").exception();
    }
}
