package io.egressallowlist.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Renders answers as readable tables, or as the API's JSON with {@code --json}. */
record Output(PrintStream out, boolean json) {

    void submitted(JsonNode result) {
        if (json) {
            out.println(result.toPrettyString());
            return;
        }
        String outcome = result.path("outcome").asText();
        if (outcome.equals("ALREADY_ALLOWED")) {
            out.printf("%s is already allowed by %s (version %d); nothing to request.%n", result.path("domain").asText(),
                    result.path("entry").asText(), result.path("version").asLong());
            return;
        }
        JsonNode request = result.path("request");
        out.println(outcome.equals("EXISTING") ? "An open request for this already exists:" : "Request submitted:");
        request(request);
        for (JsonNode warning : result.path("warnings")) {
            out.println("warning: " + Terminal.safe(warning.path("code").asText()) + ": "
                    + Terminal.safe(warning.path("message").asText()));
        }
    }

    void request(JsonNode request) {
        if (json) {
            out.println(request.toPrettyString());
            return;
        }
        row("id", request.path("id").asText());
        row("scope", request.path("scope").asText(""));
        row("subject", subject(request));
        row("status", request.path("status").asText());
        row("requester", request.path("requester").path("principal").asText()
                + optional(" (Studio: ", request.path("requester").path("studioUserProfile"), ")"));
        row("justification", request.path("justification").asText());
        row("duration", request.path("grantDuration").asText(""));
        row("created", request.path("createdAt").asText());
        List<String> approvals = new ArrayList<>();
        request.path("approvals").forEach(a -> approvals.add(a.path("approver").asText() + " at " + a.path("at").asText()));
        row("approvals", String.join(", ", approvals));
        row("decided by", request.path("decidedBy").asText(""));
        row("note", request.path("decisionNote").asText(""));
        row("version", request.path("version").isNumber() ? request.path("version").asText() : "");
        row("expires", request.path("expiresAt").asText(""));
    }

    void requests(JsonNode page) {
        if (json) {
            out.println(page.toPrettyString());
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "STATUS", "SCOPE", "SUBJECT", "REQUESTER", "CREATED"});
        page.path("items").forEach(r -> rows.add(new String[] {r.path("id").asText(), r.path("status").asText(),
                r.path("scope").asText("default"), subject(r), shortPrincipal(r.path("requester").path("principal").asText()),
                r.path("createdAt").asText()}));
        table(rows);
        if (page.hasNonNull("nextPageToken")) {
            out.println("(more: use --json and the nextPageToken with the API to page further)");
        }
    }

    void check(JsonNode result) {
        if (json) {
            out.println(result.toPrettyString());
            return;
        }
        String scope = result.path("scope").isTextual() ? " of scope " + Terminal.safe(result.path("scope").asText()) : "";
        String ask = result.path("scope").isTextual() ? " --scope " + Terminal.safe(result.path("scope").asText()) : "";
        if (result.path("allowed").asBoolean()) {
            out.printf("ALLOWED  %s — by entry %s in version %d%s%n", result.path("domain").asText(),
                    result.path("entry").asText(), result.path("version").asLong(), scope);
        } else {
            out.printf("BLOCKED  %s — no entry in version %d%s allows it. Ask with: egress request %s%s --reason \"…\"%n",
                    result.path("domain").asText(), result.path("version").asLong(), scope,
                    result.path("domain").asText(), ask);
        }
    }

    void allowlist(JsonNode list) {
        if (json) {
            out.println(list.toPrettyString());
            return;
        }
        if (list.path("scope").isTextual()) {
            out.println("scope " + Terminal.safe(list.path("scope").asText()) + " · " + list.path("mode").asText("enforce"));
        }
        out.printf("version %d · %d entries · applied %s · sha256 %s%n", list.path("version").asLong(),
                list.path("targetCount").asInt(), list.path("appliedAt").asText("-"), list.path("sha256").asText());
        list.path("targets").forEach(t -> out.println("  " + t.asText()));
    }

    void versions(JsonNode page) {
        if (json) {
            out.println(page.toPrettyString());
            return;
        }
        if (page.path("scope").isTextual()) {
            out.println("Versions of scope " + Terminal.safe(page.path("scope").asText()) + ", newest first");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"VERSION", "STATUS", "ENTRIES", "CAUSE", "ACTOR", "CREATED"});
        page.path("items").forEach(v -> rows.add(new String[] {v.path("number").asText(), v.path("applyStatus").asText(),
                v.path("targetCount").asText(), v.path("cause").path("description").asText(v.path("cause").path("type").asText()),
                shortPrincipal(v.path("actor").asText()), v.path("createdAt").asText()}));
        table(rows);
    }

    void diff(long from, long to, JsonNode diff) {
        if (json) {
            out.println(diff.toPrettyString());
            return;
        }
        out.printf("version %d → %d%s%n", from, to, diff.path("scope").isTextual()
                ? " of scope " + Terminal.safe(diff.path("scope").asText()) : "");
        diff.path("added").forEach(t -> out.println("+ " + t.asText()));
        diff.path("removed").forEach(t -> out.println("- " + t.asText()));
        if (diff.path("added").isEmpty() && diff.path("removed").isEmpty()) {
            out.println("(no difference)");
        }
    }

    /** {@code GET /blocked}: one line per refused domain, what to request for it and where it stands. */
    void blocked(JsonNode page) {
        if (json) {
            out.println(page.toPrettyString());
            return;
        }
        boolean all = page.path("scope").asText().equals("all");
        out.println((all ? "Blocked for everyone" : "Blocked for you") + " since " + Terminal.safe(page.path("since").asText()));
        List<String[]> rows = new ArrayList<>();
        rows.add(all ? new String[] {"DOMAIN", "REQUEST AS", "COUNT", "PEOPLE", "LAST SEEN", "NOW"}
                : new String[] {"DOMAIN", "REQUEST AS", "COUNT", "LAST SEEN", "NOW"});
        page.path("items").forEach(item -> {
            String requestAs = item.path("suggestedTarget").asText("(cannot be requested)");
            String count = item.path("count").asText();
            String lastSeen = item.path("lastSeen").asText();
            rows.add(all ? new String[] {item.path("domain").asText(), requestAs, count, item.path("people").asText(),
                    lastSeen, standing(item)} : new String[] {item.path("domain").asText(), requestAs, count, lastSeen,
                    standing(item)});
        });
        table(rows);
        if (rows.size() > 1) {
            out.println("Request one with: egress blocked --request <domain> --reason \"…\"");
        } else if (!all && page.path("studioUserProfile").isNull()) {
            out.println("(you call as no Studio user profile, so no blocked attempt is attributed to you)");
        }
    }

    /** The entry of a {@code GET /blocked} page for {@code domain}: its name or its suggestion, in any case. */
    static Optional<JsonNode> blockedEntry(JsonNode page, String domain) {
        String wanted = domain.strip().toLowerCase(Locale.ROOT);
        String name = wanted.endsWith(".") ? wanted.substring(0, wanted.length() - 1) : wanted;
        for (JsonNode item : page.path("items")) {
            if (item.path("domain").asText().toLowerCase(Locale.ROOT).equals(name)
                    || item.path("suggestedTarget").asText("").equals(wanted)) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    private static String standing(JsonNode item) {
        if (item.path("allowedNow").asBoolean()) {
            return "allowed now";
        }
        return item.path("openRequestId").isTextual() ? "requested: " + item.path("openRequestId").asText() : "blocked";
    }

    /**
     * Audit records, oldest first; each cell {@link Terminal#safe}, details as {@code key=value} pairs (a record of a
     * scope other than default shows it there: {@code scope=risk}).
     */
    void audit(String since, String until, List<JsonNode> items) {
        out.println("Audit trail from " + Terminal.safe(since) + " until " + Terminal.safe(until) + ", oldest first");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TIME", "ACTOR", "ACTION", "REQUEST", "DETAILS"});
        items.forEach(item -> {
            List<String> details = new ArrayList<>();
            if (item.path("version").isNumber()) {
                details.add("version=" + item.path("version").asText());
            }
            item.path("details").fields().forEachRemaining(e -> details.add(e.getKey() + "=" + e.getValue().asText()));
            rows.add(new String[] {item.path("at").asText(), shortPrincipal(item.path("actor").asText()),
                    item.path("action").asText(), item.path("requestId").asText(""), String.join(" ", details)});
        });
        table(rows);
    }

    void click(JsonNode result) {
        if (json) {
            out.println(result.toPrettyString());
            return;
        }
        out.println(result.path("text").asText(result.toString()));
    }

    void problem(int status, JsonNode problem, PrintStream err) {
        if (json) {
            out.println(problem.toPrettyString());
        }
        String title = problem.path("title").asText("HTTP " + status);
        // The API answers problem details; the sandbox's own routes (approve, deny) answer {"error": "…"}.
        err.println("egress: " + Terminal.safe(title) + ": "
                + Terminal.safe(problem.path("detail").asText(problem.path("error").asText(""))));
        if (problem.hasNonNull("rule")) {
            err.println("  policy rule: " + Terminal.safe(problem.path("rule").asText()));
        }
        if (problem.hasNonNull("field")) {
            err.println("  field: " + Terminal.safe(problem.path("field").asText()
                    + optional(" (", problem.path("reason"), ")")));
        }
        if (problem.hasNonNull("requestId")) {
            err.println("  request id for support: " + problem.path("requestId").asText());
        }
    }

    private static String subject(JsonNode request) {
        return switch (request.path("kind").asText()) {
            case "ROLLBACK" -> "rollback to version " + request.path("rollbackTo").asText();
            case "MODE" -> "switch " + request.path("scope").asText() + " to " + request.path("mode").asText();
            default -> request.path("target").asText();
        };
    }

    /** {@code GET /scopes}: one line per scope, the caller's own marked. */
    void scopes(JsonNode page) {
        if (json) {
            out.println(page.toPrettyString());
            return;
        }
        String own = page.path("callerScope").asText("");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SCOPE", "MODE", "ENTRIES", "CAPACITY", "HEAD", "STUDIO DOMAINS"});
        page.path("items").forEach(s -> {
            List<String> domains = new ArrayList<>();
            s.path("studioDomainIds").forEach(d -> domains.add(d.asText()));
            String name = s.path("name").asText();
            rows.add(new String[] {name + (name.equals(own) ? " (yours)" : ""), s.path("mode").asText(),
                    s.path("entries").asText(), s.path("capacity").asText(), s.path("headVersion").asText("-"),
                    name.equals("global") ? "(every domain)" : String.join(", ", domains)});
        });
        table(rows);
    }

    /** The answer to {@code egress mode}: the request made, and what the switch would block now. */
    void modeChange(JsonNode result) {
        if (json) {
            out.println(result.toPrettyString());
            return;
        }
        submitted(result);
        JsonNode wouldBlock = result.path("wouldBlock");
        if (wouldBlock.isArray()) {
            out.println(wouldBlock.isEmpty() ? "Nothing the scope's learning recorded would be blocked."
                    : "Would be blocked once enforced (" + wouldBlock.size() + ", recorded while learning):");
            wouldBlock.forEach(domain -> out.println("  " + Terminal.safe(domain.asText())));
        }
    }

    private static String shortPrincipal(String principal) {
        int slash = principal.lastIndexOf('/');
        return principal.startsWith("arn:") && slash > 0 ? principal.substring(slash + 1) : principal;
    }

    private static String optional(String before, JsonNode value, String after) {
        return value == null || value.isNull() || value.isMissingNode() || value.asText().isEmpty()
                ? "" : before + value.asText() + after;
    }

    private void row(String name, String value) {
        if (value != null && !value.isEmpty()) {
            out.printf("  %-14s %s%n", name, Terminal.safe(value));
        }
    }

    /** Every cell is made {@link Terminal#safe} before it is measured and printed. */
    private void table(List<String[]> raw) {
        List<String[]> rows = raw.stream().map(row -> java.util.Arrays.stream(row).map(Terminal::safe)
                .toArray(String[]::new)).toList();
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        if (rows.size() == 1) {
            out.println("(none)");
        }
    }
}
