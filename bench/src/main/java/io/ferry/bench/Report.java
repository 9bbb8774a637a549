package io.ferry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Writes one run into a Markdown file between {@code <!-- bench:LABEL:begin -->} and {@code <!-- bench:LABEL:end -->},
 * replacing what an earlier run with the same label wrote and leaving the hand-written text around it alone; a new
 * label is appended at the end.
 */
final class Report {
    private Report() {
    }

    static String section(String label, String command, String load, ResultTable table, String profiles) {
        StringBuilder out = new StringBuilder();
        out.append("Run `").append(label).append("`, ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(": `").append(command).append("`  \n");
        out.append("Machine: ").append(Machine.describe()).append("  \n");
        out.append("Load average (1/5/15 min) ").append(load).append("\n\n");
        out.append(table.markdown());
        if (!profiles.isBlank()) {
            out.append("\n<details><summary>JFR profile summaries of this run</summary>\n\n```\n")
                    .append(profiles.strip()).append("\n```\n</details>\n");
        }
        return out.toString();
    }

    static void write(Path file, String label, String section) throws IOException {
        String begin = "<!-- bench:" + label + ":begin -->";
        String end = "<!-- bench:" + label + ":end -->";
        String block = begin + "\n" + section.strip() + "\n" + end;
        String text = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        String updated;
        if (from >= 0 && to > from) {
            updated = text.substring(0, from) + block + text.substring(to + end.length());
        } else {
            updated = text.stripTrailing() + "\n\n" + block + "\n";
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }
}
