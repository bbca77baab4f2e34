package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.api.AllowlistQueries;
import io.egressallowlist.shared.domain.AllowlistVersion;

/** {@code /allowlist}: the allow-list as last applied to the firewall, and whether a name is on it. */
record AllowlistResource(AllowlistQueries allowlist, Representations representations) {

    /** {@code GET /allowlist}. */
    Reply current(Parameters parameters) {
        parameters.takesQuery();
        AllowlistVersion current = allowlist.current().orElseThrow(AllowlistResource::noAppliedVersion);
        ObjectNode node = representations.object().put("version", current.number())
                .put("sha256", current.sha256())
                .put("appliedAt", Representations.instant(current.appliedAt()))
                .put("targetCount", current.targets().size());
        current.targets().forEach(node.putArray("targets")::add);
        return representations.reply(200, node);
    }

    /** {@code GET /allowlist/check?domain=}. */
    Reply check(Parameters parameters) {
        String domain = parameters.takesQuery("domain").requiredQuery("domain",
                "Give the name to check: GET /allowlist/check?domain=example.com");
        return allowlist.check(domain).match(new AllowlistQueries.Check.Cases<>(invalid -> {
            throw Problem.invalid("domain", invalid.reason().name(), invalid.message()).exception();
        }, none -> {
            throw noAppliedVersion();
        }, allowed -> representations.reply(200, representations.object().put("domain", allowed.name().target())
                .put("allowed", true).put("entry", allowed.entry()).put("version", allowed.version().number())),
                denied -> representations.reply(200, representations.object().put("domain", denied.name().target())
                        .put("allowed", false).putNull("entry").put("version", denied.version().number()))));
    }

    private static Problem.ProblemException noAppliedVersion() {
        return Problem.of(Problem.Type.NOT_FOUND, "No version of the allow-list has been applied yet; the"
                + " reconciler records the rule group's content as the first version on its first run.").exception();
    }
}
