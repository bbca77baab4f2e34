package io.egressallowlist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.cli.EgressCli.Arguments;
import io.egressallowlist.cli.EgressCli.Exit;

import java.io.PrintStream;
import java.net.URI;

/** One method per command: build the call, send it, render the answer, choose the exit code. */
final class Commands {

    private final ApiClient api;
    private final Output output;
    private final PrintStream err;

    Commands(ApiClient api, Output output, PrintStream err) {
        this.api = api;
        this.output = output;
        this.err = err;
    }

    Exit run(Arguments args) throws ApiClient.UnreachableException {
        return switch (args.command()) {
            case "request" -> request(args);
            case "status" -> status(args);
            case "list" -> list(args);
            case "check" -> check(args);
            case "allowlist" -> allowlist();
            case "versions" -> versions();
            case "diff" -> diff(args);
            case "rollback" -> rollback(args);
            case "withdraw" -> withdraw(args);
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
        ApiClient.Response response = api.call("POST", "requests", body.toString());
        if (response.status() >= 300) {
            return problem(response);
        }
        JsonNode result = EgressCli.parse(response.body());
        output.submitted(result);
        return Exit.OK;
    }

    private Exit status(Arguments args) throws ApiClient.UnreachableException {
        if (args.positional().isEmpty()) {
            ApiClient.Response mine = api.call("GET", "requests?limit=50&requester=me", null);
            if (mine.status() >= 300) {
                return problem(mine);
            }
            output.requests(EgressCli.parse(mine.body()));
            return Exit.OK;
        }
        ApiClient.Response response = api.call("GET", "requests/" + EgressCli.encode(args.positional().get(0)), null);
        if (response.status() >= 300) {
            return problem(response);
        }
        output.request(EgressCli.parse(response.body()));
        return Exit.OK;
    }

    private Exit list(Arguments args) throws ApiClient.UnreachableException {
        StringBuilder query = new StringBuilder("requests?limit=100");
        if (args.options().containsKey("status")) {
            query.append("&status=").append(EgressCli.encode(args.options().get("status").toUpperCase(java.util.Locale.ROOT)));
        }
        if (args.options().containsKey("requester")) {
            query.append("&requester=").append(EgressCli.encode(args.options().get("requester")));
        }
        ApiClient.Response response = api.call("GET", query.toString(), null);
        if (response.status() >= 300) {
            return problem(response);
        }
        output.requests(EgressCli.parse(response.body()));
        return Exit.OK;
    }

    private Exit check(Arguments args) throws ApiClient.UnreachableException {
        String domain = args.positional(0, "a domain, e.g. egress check files.pythonhosted.org");
        ApiClient.Response response = api.call("GET", "allowlist/check?domain=" + EgressCli.encode(domain), null);
        if (response.status() >= 300) {
            return problem(response);
        }
        JsonNode result = EgressCli.parse(response.body());
        output.check(result);
        return result.path("allowed").asBoolean() ? Exit.OK : Exit.NOT_ALLOWED;
    }

    private Exit allowlist() throws ApiClient.UnreachableException {
        ApiClient.Response response = api.call("GET", "allowlist", null);
        if (response.status() >= 300) {
            return problem(response);
        }
        output.allowlist(EgressCli.parse(response.body()));
        return Exit.OK;
    }

    private Exit versions() throws ApiClient.UnreachableException {
        ApiClient.Response response = api.call("GET", "versions?limit=50", null);
        if (response.status() >= 300) {
            return problem(response);
        }
        output.versions(EgressCli.parse(response.body()));
        return Exit.OK;
    }

    private Exit diff(Arguments args) throws ApiClient.UnreachableException {
        long from = parseNumber(args.positional(0, "two version numbers, e.g. egress diff 3 5"), "version");
        long to = parseNumber(args.positional(1, "two version numbers, e.g. egress diff 3 5"), "version");
        ApiClient.Response response = api.call("GET", "versions/" + from + "/diff/" + to, null);
        if (response.status() >= 300) {
            return problem(response);
        }
        output.diff(from, to, EgressCli.parse(response.body()));
        return Exit.OK;
    }

    private Exit rollback(Arguments args) throws ApiClient.UnreachableException {
        long number = parseNumber(args.positional(0, "a version number, e.g. egress rollback 4 --reason \"…\""), "version");
        ObjectNode body = EgressCli.object().put("justification", args.required("reason", "TEXT (why roll back)"));
        ApiClient.Response response = api.call("POST", "versions/" + number + "/rollback", body.toString());
        if (response.status() >= 300) {
            return problem(response);
        }
        output.submitted(EgressCli.parse(response.body()));
        return Exit.OK;
    }

    private Exit withdraw(Arguments args) throws ApiClient.UnreachableException {
        String id = args.positional(0, "a request id, e.g. egress withdraw 01JD…");
        ApiClient.Response response = api.call("DELETE", "requests/" + EgressCli.encode(id), null);
        if (response.status() >= 300) {
            return problem(response);
        }
        output.request(EgressCli.parse(response.body()));
        return Exit.OK;
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
        ApiClient.Response response = sandbox.call("POST", "_sandbox/slack/click", body.toString());
        if (response.status() >= 300) {
            return problem(response);
        }
        output.click(EgressCli.parse(response.body()));
        return Exit.OK;
    }

    private Exit problem(ApiClient.Response response) {
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

    private static long parseNumber(String text, String what) {
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
