package io.egressallowlist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.cli.EgressCli.Arguments;
import io.egressallowlist.cli.EgressCli.Exit;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/** {@code egress scopes} (the allow-lists and their modes) and {@code egress mode} (ask to switch one). */
record ScopeCommands(ApiClient api, Output output, PrintStream err) {

    Exit run(Arguments args) throws ApiClient.UnreachableException {
        return args.command().equals("scopes") ? scopes(args) : mode(args);
    }

    private Exit scopes(Arguments args) throws ApiClient.UnreachableException {
        if (!args.positional().isEmpty()) {
            throw new IllegalArgumentException("scopes takes no argument; egress allowlist --scope NAME shows one");
        }
        return send("GET", "scopes", null, output::scopes);
    }

    /** Asks for {@code SCOPE} to be switched to {@code enforce} or {@code learn}: a request its approvers decide. */
    private Exit mode(Arguments args) throws ApiClient.UnreachableException {
        String usage = "a scope and a mode, e.g. egress mode risk enforce --justification \"list learnt\"";
        String scope = args.positional(0, usage);
        String mode = args.positional(1, usage).toLowerCase(Locale.ROOT);
        if (!mode.equals("enforce") && !mode.equals("learn")) {
            throw new IllegalArgumentException("mode must be enforce or learn, got '" + Terminal.safe(mode) + "'");
        }
        ObjectNode body = EgressCli.object().put("mode", mode)
                .put("justification", args.required("justification", "TEXT (why; the scope's approvers read it)"));
        return send("POST", "scopes/" + EgressCli.encode(scope) + "/mode", body.toString(), output::modeChange);
    }

    private Exit send(String method, String path, String body, Consumer<JsonNode> render)
            throws ApiClient.UnreachableException {
        ApiClient.Response response = api.call(method, path, body);
        if (response.status() >= 300) {
            return Commands.problem(output, err, response);
        }
        render.accept(EgressCli.parse(response.body()));
        return Exit.OK;
    }
}
