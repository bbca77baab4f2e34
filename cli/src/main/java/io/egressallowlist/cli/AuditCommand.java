package io.egressallowlist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.cli.EgressCli.Arguments;
import io.egressallowlist.cli.EgressCli.Exit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code egress audit}: the audit trail ({@code GET /audit}), every page of it, as a table, as JSON ({@code --json}),
 * or exported as JSON Lines or CSV ({@code --format jsonl|csv}, to {@code --output FILE} or standard output).
 * Subcommands of the same family ({@code egress audit <subcommand>}) are chosen by the first word after
 * {@code audit}.
 *
 * @param api    the request API
 * @param output tables and problems
 * @param out    where JSON and exports without a file go
 * @param err    messages
 */
record AuditCommand(ApiClient api, Output output, PrintStream out, PrintStream err) {

    /** The largest page the API gives. */
    static final int PAGE = 500;
    /** The command line options and the query parameters they become. */
    private static final Map<String, String> FILTERS = Map.of("since", "since", "until", "until", "actor", "actor",
            "request", "requestId", "type", "type", "scope", "scope");

    Exit run(Arguments args) throws ApiClient.UnreachableException {
        String subcommand = args.positional().isEmpty() ? "" : args.positional().get(0);
        return switch (subcommand) {
            case "" -> list(args);
            case "verify" -> new AuditVerify(api, output, out, err).run();
            default -> throw new IllegalArgumentException("unknown audit subcommand '" + Terminal.safe(subcommand)
                    + "'; see egress --help");
        };
    }

    /** Every page (or the first {@code --limit} records), in the form asked for. */
    private Exit list(Arguments args) throws ApiClient.UnreachableException {
        Long limit = args.options().containsKey("limit") ? Commands.parseNumber(args.options().get("limit"), "--limit")
                : null;
        String format = args.options().get("format");
        String file = args.options().get("output");
        if (file != null && format == null) {
            throw new IllegalArgumentException("--output needs --format jsonl or csv");
        }
        AuditExport export = format == null ? null : AuditExport.of(format);
        List<JsonNode> items = new ArrayList<>();
        JsonNode first = null;
        String token = null;
        do {
            int size = limit == null ? PAGE : (int) Math.min(PAGE, limit - items.size());
            ApiClient.Response response = api.call("GET", query(args, size, token), null);
            if (response.status() >= 300) {
                return Commands.problem(output, err, response);
            }
            JsonNode page = EgressCli.parse(response.body());
            first = first == null ? page : first;
            page.path("items").forEach(items::add);
            token = page.path("nextToken").isTextual() ? page.path("nextToken").asText() : null;
        } while (token != null && (limit == null || items.size() < limit));
        if (export != null) {
            return write(export, items, file);
        }
        print(first, items);
        return Exit.OK;
    }

    private static String query(Arguments args, int limit, String token) {
        StringBuilder query = new StringBuilder("audit?limit=").append(limit);
        FILTERS.forEach((option, parameter) -> {
            if (args.options().containsKey(option)) {
                query.append('&').append(parameter).append('=').append(EgressCli.encode(args.options().get(option)));
            }
        });
        if (token != null) {
            query.append("&nextToken=").append(EgressCli.encode(token));
        }
        return query.toString();
    }

    private void print(JsonNode first, List<JsonNode> items) {
        if (output.json()) {
            ObjectNode all = EgressCli.object();
            ArrayNode array = all.putArray("items");
            items.forEach(array::add);
            all.set("since", first.path("since"));
            all.set("until", first.path("until"));
            out.println(all.toPrettyString());
            return;
        }
        output.audit(first.path("since").asText(), first.path("until").asText(), items);
    }

    /**
     * Writes the export to {@code file} through a temporary file beside it, moved into place once complete (a failed
     * export leaves no half a file), or to standard output when there is no file.
     */
    private Exit write(AuditExport export, List<JsonNode> items, String file) {
        try {
            if (file == null) {
                Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                writeAll(export, items, writer);
                writer.flush();
                return Exit.OK;
            }
            Path target = Path.of(file).toAbsolutePath();
            Path partial = Files.createTempFile(target.getParent(), ".egress-audit-", ".partial");
            try {
                try (Writer writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(partial),
                        StandardCharsets.UTF_8))) {
                    writeAll(export, items, writer);
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            err.println("egress: wrote " + items.size() + " audit records to " + Terminal.safe(file));
            return Exit.OK;
        } catch (IOException | UncheckedIOException | java.nio.file.InvalidPathException e) {
            err.println("egress: cannot write " + Terminal.safe(file) + ": " + Terminal.safe(e.getMessage()));
            return Exit.USAGE;
        }
    }

    private static void writeAll(AuditExport export, List<JsonNode> items, Writer writer) throws IOException {
        export.header(writer);
        for (JsonNode item : items) {
            export.record(writer, item);
        }
    }
}
