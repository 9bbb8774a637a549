package io.ferry.bench;

import java.util.ArrayList;
import java.util.List;

/** The rows of one run, rendered as an aligned text table (console) or a Markdown table (docs/benchmarks.md). */
final class ResultTable {
    static final List<String> COLUMNS = List.of("Scenario", "Metric", "Ferry", "Baseline", "Ratio", "Target",
            "Verdict");
    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    String text() {
        List<List<String>> cells = cells();
        int[] widths = new int[COLUMNS.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < cells.size(); n++) {
            List<String> line = cells.get(n);
            for (int i = 0; i < widths.length; i++) {
                out.append(i == 0 ? "" : "  ").append(pad(line.get(i), widths[i]));
            }
            out.append('\n');
            if (n == 0) {
                for (int i = 0; i < widths.length; i++) {
                    out.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
                }
                out.append('\n');
            }
        }
        out.append(notes("  "));
        return out.toString();
    }

    String markdown() {
        List<List<String>> cells = cells();
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < cells.size(); n++) {
            out.append("| ").append(String.join(" | ", cells.get(n).stream().map(ResultTable::escape).toList()))
                    .append(" |\n");
            if (n == 0) {
                out.append("|").append("---|".repeat(COLUMNS.size())).append('\n');
            }
        }
        out.append('\n').append(notes("- "));
        return out.toString();
    }

    private List<List<String>> cells() {
        List<List<String>> cells = new ArrayList<>();
        cells.add(COLUMNS);
        for (Row row : rows()) {
            cells.add(List.of(row.scenario(), row.metric(), row.ferryText(), row.baselineText(), row.ratioText(),
                    row.target().toString(), row.verdict()));
        }
        return cells;
    }

    private String notes(String bullet) {
        StringBuilder out = new StringBuilder();
        for (Row row : rows()) {
            if (!row.note().isEmpty()) {
                out.append(bullet).append(row.scenario()).append(" / ").append(row.metric()).append(": ")
                        .append(row.note()).append('\n');
            }
        }
        return out.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static String escape(String cell) {
        return cell.replace("|", "\\|");
    }
}
