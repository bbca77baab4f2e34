package io.egressallowlist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.cli.EgressCli.Exit;

import java.io.PrintStream;

/**
 * {@code egress audit verify}: walks the audit trail's hash chain through {@code GET /audit/verify}, page after
 * page, and names the first record edited, inserted or deleted. Exits 0 when the chain is intact, 5 when it is
 * broken (or the caller may not verify it), 6 when the API cannot be reached.
 *
 * @param api    the request API
 * @param output problems
 * @param out    where the outcome goes
 * @param err    messages
 */
record AuditVerify(ApiClient api, Output output, PrintStream out, PrintStream err) {

    /** Pages are requested until the chain's end; a chain that grows while it is walked cannot loop for ever. */
    private static final int MAX_PAGES = 100_000;

    Exit run() throws ApiClient.UnreachableException {
        long after = 0;
        long checked = 0;
        JsonNode first = null;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            ApiClient.Response response = api.call("GET", "audit/verify?after=" + after, null);
            if (response.status() >= 300) {
                return Commands.problem(output, err, response);
            }
            JsonNode page = EgressCli.parse(response.body());
            first = first == null ? page : first;
            checked += page.path("checked").asLong();
            if ("broken".equals(page.path("status").asText()) || !page.path("next").canConvertToLong()) {
                return finish(page, checked, first.path("beforeChain"));
            }
            after = page.path("next").asLong();
        }
        throw new IllegalStateException("the audit chain did not end within " + MAX_PAGES + " pages");
    }

    private Exit finish(JsonNode last, long checked, JsonNode beforeChain) {
        boolean intact = "intact".equals(last.path("status").asText());
        boolean json = output.json();
        if (json) {
            ObjectNode summary = EgressCli.object().put("status", intact ? "intact" : "broken").put("checked", checked)
                    .put("headSeq", last.path("headSeq").asLong());
            summary.set("through", last.path("through"));
            summary.set("problem", last.path("problem"));
            summary.set("beforeChain", beforeChain);
            out.println(summary.toPrettyString());
        } else if (intact) {
            JsonNode through = last.path("through");
            out.println("Audit trail intact: " + checked + " records checked"
                    + (through.isObject() ? " through place " + through.path("seq").asLong() + " (hash "
                    + Terminal.safe(through.path("hash").asText()) + ")" : "") + ".");
        } else {
            JsonNode found = last.path("problem");
            out.println("Audit trail BROKEN: " + Terminal.safe(found.path("kind").asText()) + " at place "
                    + found.path("seq").asLong() + (found.path("eventId").isTextual() ? ", record "
                    + Terminal.safe(found.path("subject").asText()) + "/" + Terminal.safe(found.path("eventId").asText())
                    : "") + ".");
            out.println("  " + Terminal.safe(found.path("message").asText()));
            out.println("  " + checked + " records verified before it.");
        }
        if (!json && beforeChain.asLong() > 0) {
            out.println(beforeChain.asLong() + " records written before the chain began are not covered.");
        }
        return intact ? Exit.OK : Exit.FORBIDDEN_OR_CONFLICT;
    }
}
