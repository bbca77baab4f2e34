package io.egressallowlist.bench;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: left-aligned labels, right-aligned numbers, widths fitted to the content. */
final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private int labelColumns = 1;

    Table(String... header) {
        this.header = List.of(header);
    }

    /** How many leading columns hold labels (left-aligned); the rest hold numbers. Default 1. */
    Table labelColumns(int count) {
        this.labelColumns = count;
        return this;
    }

    Table row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row needs " + header.size() + " cells, got " + cells.length);
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    String render() {
        int[] widths = new int[header.size()];
        for (List<String> row : allRows()) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendRow(out, header, widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        appendRow(out, rule, widths);
        rows.forEach(row -> appendRow(out, row, widths));
        return out.toString();
    }

    private List<List<String>> allRows() {
        List<List<String>> all = new ArrayList<>(rows);
        all.add(header);
        return all;
    }

    private void appendRow(StringBuilder out, List<String> row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            String cell = row.get(i);
            String padding = " ".repeat(widths[i] - cell.length());
            line.append(i < labelColumns ? cell + padding : padding + cell);
            line.append(i == row.size() - 1 ? "" : "  ");
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
