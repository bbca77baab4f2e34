package io.egressallowlist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.cli.EgressCli.Arguments;
import io.egressallowlist.cli.EgressCli.Exit;

import java.util.function.Consumer;
import java.util.function.Function;
import java.io.PrintStream;
import java.net.URI;

/** One method per command: build the call, send it, render the answer, choose the exit code. */
record Commands(ApiClient api, Output output, PrintStream err) {

    Exit run(Arguments args) throws ApiClient.UnreachableException {
        return switch (args.command()) {
            case "request" -> request(args);
            case "status" -> status(args);
            case "list" -> list(args);
            case "check" -> check(args);
            case "allowlist" -> allowlist(args);
            case "versions" -> versions(args);
            case "diff" -> diff(args);
            case "rollback" -> rollback(args);
            case "withdraw" -> withdraw(args);
            case "revoke" -> revoke(args);
            case "blocked" -> blockedCommand(args);
            case "audit" -> new AuditCommand(api, output, output.out(), err).run(args);
            case "scopes", "mode" -> new ScopeCommands(api, output, err).run(args);
            case "approve", "deny" -> click(args);
            default -> throw new IllegalArgumentException("unknown command '" + args.command() + "'; see egress --help");
        };
    }

    private Exit request(Arguments args) throws ApiClient.UnreachableException {
        ObjectNode body = EgressCli.object()
                .put("domain", args.positional(0, "a domain, e.g. egress request huggingface.co --reason \"model weights\""))
                .put("justification", args.required("reason", "TEXT (why you need it; the approvers read it)"));
        if (args.options().containsKey("days")) {
            body.put("durationDays", parseNumber(args.options().get("days"), "--days"));
        }
        if (args.options().containsKey("scope")) {
            body.put("scope", args.options().get("scope"));
        }
        return send(api, "POST", "requests", body.toString(), output::submitted);
    }

    private Exit status(Arguments args) throws ApiClient.UnreachableException {
        if (args.positional().isEmpty()) {
            return send(api, "GET", "requests?limit=50&requester=me", null, output::requests);
        }
        return send(api, "GET", "requests/" + EgressCli.encode(args.positional().get(0)), null, output::request);
    }

    private Exit list(Arguments args) throws ApiClient.UnreachableException {
        StringBuilder query = new StringBuilder("requests?limit=100");
        if (args.options().containsKey("status")) {
            query.append("&status=").append(EgressCli.encode(args.options().get("status").toUpperCase(java.util.Locale.ROOT)));
        }
        if (args.options().containsKey("requester")) {
            query.append("&requester=").append(EgressCli.encode(args.options().get("requester")));
        }
        return send(api, "GET", scoped(query.toString(), args), null, output::requests);
    }

    private Exit check(Arguments args) throws ApiClient.UnreachableException {
        String domain = args.positional(0, "a domain, e.g. egress check files.pythonhosted.org");
        return call(api, "GET", scoped("allowlist/check?domain=" + EgressCli.encode(domain), args), null, result -> {
            output.check(result);
            return result.path("allowed").asBoolean() ? Exit.OK : Exit.NOT_ALLOWED;
        });
    }

    private Exit allowlist(Arguments args) throws ApiClient.UnreachableException {
        return send(api, "GET", scoped("allowlist", args), null, output::allowlist);
    }

    private Exit versions(Arguments args) throws ApiClient.UnreachableException {
        return send(api, "GET", scoped("versions?limit=50", args), null, output::versions);
    }

    private Exit diff(Arguments args) throws ApiClient.UnreachableException {
        long from = parseNumber(args.positional(0, "two version numbers, e.g. egress diff 3 5"), "version");
        long to = parseNumber(args.positional(1, "two version numbers, e.g. egress diff 3 5"), "version");
        return send(api, "GET", scoped("versions/" + from + "/diff/" + to, args), null,
                result -> output.diff(from, to, result));
    }

    private Exit rollback(Arguments args) throws ApiClient.UnreachableException {
        long number = parseNumber(args.positional(0, "a version number, e.g. egress rollback 4 --reason \"…\""), "version");
        ObjectNode body = EgressCli.object().put("justification", args.required("reason", "TEXT (why roll back)"));
        return send(api, "POST", scoped("versions/" + number + "/rollback", args), body.toString(), output::submitted);
    }

    private Exit withdraw(Arguments args) throws ApiClient.UnreachableException {
        String id = args.positional(0, "a request id, e.g. egress withdraw 01JD…");
        return send(api, "DELETE", "requests/" + EgressCli.encode(id), null, output::request);
    }

    /** An approver takes back a grant or cancels an approved request; the API decides who may. */
    private Exit revoke(Arguments args) throws ApiClient.UnreachableException {
        String id = args.positional(0, "a request id, e.g. egress revoke 01JD… --reason \"no longer needed\"");
        ObjectNode body = EgressCli.object().put("reason", args.required("reason",
                "TEXT (why; the requester and the approvers read it)"));
        return send(api, "POST", "requests/" + EgressCli.encode(id) + "/revoke", body.toString(), output::request);
    }

    private Exit blockedCommand(Arguments args) throws ApiClient.UnreachableException {
        if (!args.positional().isEmpty()) {
            throw new IllegalArgumentException("blocked takes no domain of its own; to request one, use"
                    + " egress blocked --request <domain> --reason TEXT");
        }
        if (args.options().containsKey("request")) {
            return requestBlocked(args);
        }
        return send(api, "GET", blockedQuery(args), null, output::blocked);
    }

    /**
     * Requests what {@code GET /blocked} suggests for one of the caller's blocked entries, named by its domain or by
     * the suggestion itself; the API then decides as for {@code egress request}.
     */
    private Exit requestBlocked(Arguments args) throws ApiClient.UnreachableException {
        String domain = args.options().get("request");
        String reason = args.required("reason", "TEXT (why you need it; the approvers read it)");
        Long days = args.options().containsKey("days") ? parseNumber(args.options().get("days"), "--days") : null;
        ApiClient.Response listed = api.call("GET", blockedQuery(args), null);
        if (listed.status() >= 300) {
            return problem(listed);
        }
        JsonNode page = EgressCli.parse(listed.body());
        java.util.Optional<JsonNode> entry = Output.blockedEntry(page, domain);
        if (entry.isEmpty()) {
            err.println("egress: no blocked attempt to " + Terminal.safe(domain) + " since " + page.path("since").asText()
                    + "; `egress blocked` lists them (--since P7D looks further back)");
            return Exit.NOT_FOUND;
        }
        JsonNode target = entry.get().path("suggestedTarget");
        if (!target.isTextual()) {
            err.println("egress: " + Terminal.safe(entry.get().path("domain").asText()) + " is not a name that can be"
                    + " requested (an IP address, or not a valid host name)");
            return Exit.REFUSED;
        }
        ObjectNode body = EgressCli.object().put("domain", target.asText()).put("justification", reason);
        if (days != null) {
            body.put("durationDays", days);
        }
        if (entry.get().path("scope").isTextual()) {
            body.put("scope", entry.get().path("scope").asText());
        }
        return send(api, "POST", "requests", body.toString(), output::submitted);
    }

    private static String blockedQuery(Arguments args) {
        StringBuilder query = new StringBuilder("blocked");
        char separator = '?';
        if (args.options().containsKey("since")) {
            query.append(separator).append("since=").append(EgressCli.encode(args.options().get("since")));
            separator = '&';
        }
        if (args.flag("all") && args.options().containsKey("scope")) {
            throw new IllegalArgumentException("blocked takes --all (everyone's, every scope) or --scope NAME (everyone's"
                    + " in that scope), not both");
        }
        if (args.flag("all")) {
            query.append(separator).append("scope=all");
        }
        return scoped(query.toString(), args);
    }

    /** {@code path} with {@code scope=NAME} added when the command line names a scope ({@code --scope NAME}). */
    static String scoped(String path, Arguments args) {
        String scope = args.options().get("scope");
        if (scope == null) {
            return path;
        }
        return path + (path.contains("?") ? '&' : '?') + "scope=" + EgressCli.encode(scope);
    }

    /** Sandbox only: asks the Slack stand-in to click a button as a Slack user, with a signed payload. */
    private Exit click(Arguments args) throws ApiClient.UnreachableException {
        if (!api.isSandbox()) {
            throw new IllegalArgumentException(args.command() + " works only against the local sandbox; in a real"
                    + " deployment approvers click in Slack");
        }
        String id = args.positional(0, "a request id");
        String user = args.required("as", "SLACK_USER (e.g. U0APPROVER1)");
        ObjectNode body = EgressCli.object().put("requestId", id).put("user", user).put("action", args.command());
        URI sandboxRoot = api.base().resolve("../");
        ApiClient sandbox = new ApiClient(sandboxRoot, "", "");
        return call(sandbox, "POST", "_sandbox/slack/click", body.toString(), result -> {
            output.click(result);
            return clickExit(result.path("outcome").asText(""));
        });
    }

    /**
     * The exit code for what became of a click, from the outcome the Slack function states beside its reply (the
     * reply itself is text for a person): refused on input 3, not found 4, not the clicker's to take or already
     * decided 5, the control plane unavailable 6.
     */
    static Exit clickExit(String outcome) {
        return switch (outcome) {
            case "refused" -> Exit.REFUSED;
            case "not-found" -> Exit.NOT_FOUND;
            case "forbidden", "conflict" -> Exit.FORBIDDEN_OR_CONFLICT;
            case "unavailable" -> Exit.UNAVAILABLE;
            default -> Exit.OK;
        };
    }

    /** Calls the API; a problem answer is reported, any other is rendered and the command succeeds. */
    private Exit send(ApiClient client, String method, String path, String body, Consumer<JsonNode> render)
            throws ApiClient.UnreachableException {
        return call(client, method, path, body, result -> {
            render.accept(result);
            return Exit.OK;
        });
    }

    /** Calls the API; a problem answer is reported, any other is parsed and handed to {@code outcome}. */
    private Exit call(ApiClient client, String method, String path, String body, Function<JsonNode, Exit> outcome)
            throws ApiClient.UnreachableException {
        ApiClient.Response response = client.call(method, path, body);
        if (response.status() >= 300) {
            return problem(response);
        }
        return outcome.apply(EgressCli.parse(response.body()));
    }

    private Exit problem(ApiClient.Response response) {
        return problem(output, err, response);
    }

    /** Reports a problem answer; its exit code as the README lists them. */
    static Exit problem(Output output, PrintStream err, ApiClient.Response response) {
        JsonNode problem = EgressCli.parse(response.body());
        output.problem(response.status(), problem, err);
        int status = response.status();
        if (status == 400 || status == 413 || status == 415 || status == 422) {
            return Exit.REFUSED;
        }
        if (status == 404) {
            return Exit.NOT_FOUND;
        }
        if (status == 401 || status == 403 || status == 409) {
            return Exit.FORBIDDEN_OR_CONFLICT;
        }
        return Exit.UNAVAILABLE;
    }

    static long parseNumber(String text, String what) {
        try {
            long value = Long.parseLong(text);
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a positive whole number, got '" + text + "'");
        }
    }
}
