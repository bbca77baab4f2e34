package io.egressallowlist.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * Audit records written one per line: JSON Lines (one compact JSON object a line, as the API gave it) or CSV
 * (RFC 4180: a header, CRLF line ends, a field in double quotes when it holds a comma, a quote, CR or LF, quotes
 * doubled). A spreadsheet runs a cell that starts with {@code =}, {@code +}, {@code -} or {@code @} as a formula,
 * and actors, reasons and rejected names are what people typed; such a field gets a leading apostrophe, which
 * spreadsheets show as text and do not run (OWASP, "CSV Injection").
 */
enum AuditExport {
    JSONL {
        @Override
        void header(Writer out) {
            // JSON Lines has none: every line is one whole record.
        }

        @Override
        void record(Writer out, JsonNode item) throws IOException {
            out.write(item.toString());
            out.write("\n");
        }
    },
    CSV {
        @Override
        void header(Writer out) throws IOException {
            line(out, COLUMNS);
        }

        @Override
        void record(Writer out, JsonNode item) throws IOException {
            line(out, COLUMNS.stream().map(column -> text(item.path(column))).toList());
        }
    };

    /** The CSV columns: every member of an audit record, {@code details} as its JSON object. */
    static final List<String> COLUMNS = List.of("at", "eventId", "actor", "action", "via", "sourceIp", "requestId",
            "version", "chainSeq", "details");

    abstract void header(Writer out) throws IOException;

    abstract void record(Writer out, JsonNode item) throws IOException;

    /** {@code jsonl} or {@code csv}, in any case. */
    static AuditExport of(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "jsonl" -> JSONL;
            case "csv" -> CSV;
            default -> throw new IllegalArgumentException("--format is jsonl or csv, not '" + Terminal.safe(format) + "'");
        };
    }

    /** One CSV field: defused if a spreadsheet would read it as a formula, then quoted if it must be. */
    static String field(String value) {
        String text = value;
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\r") || text.contains("\n")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    private static void line(Writer out, List<String> values) throws IOException {
        out.write(String.join(",", values.stream().map(AuditExport::field).toList()));
        out.write("\r\n");
    }

    private static String text(JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
