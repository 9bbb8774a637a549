package io.ferry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness end to end with tiny sizes against the real standalone, S3Proxy and the baselines: every scenario of
 * the in-process stack yields its rows, every upload lands byte-exact, and the report renders. Numbers are not
 * judged (this machine's timing means nothing); the per-service scenarios (d, f) are {@link BenchClusterIT}.
 */
class BenchSmokeTest {
    @TempDir
    Path work;

    @Test
    void shouldReportEveryRowOfTheInProcessScenariosWithAllUploadsByteExact() throws Exception {
        BenchOptions quick = BenchOptions.quick(Set.of("a", "b", "c", "e"), work);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        ResultTable table = new BenchRun(quick, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        List<Row> rows = table.rows();
        assertThat(rows).as(progress.toString(StandardCharsets.UTF_8)).allSatisfy(row ->
                assertThat(row.note()).doesNotStartWith("FAILED"));
        assertThat(rows).extracting(Row::scenario, Row::metric).containsExactly(
                tuple("a", "upload throughput, 4 KiB segments"),
                tuple("a", "upload throughput, 64 KiB segments"),
                tuple("a", "upload throughput, 1 MiB segments"),
                tuple("b", "fin -> visible, local, 4 MiB"),
                tuple("c", "20 devices x 16 KiB: byte-exact uploads"),
                tuple("c", "completion p50"),
                tuple("c", "completion p99"),
                tuple("e", "exporter read amplification, 10 concurrent uploads"),
                tuple("b", "fin -> visible, S3, 4 MiB"));
        Row clients = rows.get(4);
        assertThat(clients.ferry()).isEqualTo(20);
        assertThat(clients.baseline()).isEqualTo(20);
        assertThat(clients.verdict()).isEqualTo("ok");
        assertThat(rows.stream().filter(r -> !r.unit().equals("count")))
                .allSatisfy(row -> assertThat(row.ferry()).isPositive());
        assertThat(rows.stream().filter(r -> r.scenario().equals("a") || r.scenario().equals("b")))
                .allSatisfy(row -> assertThat(row.ratio()).isPositive());
        // without --keep the run leaves nothing of its data or Ferry's behind (a full run writes GBs)
        try (var left = Files.list(work)) {
            assertThat(left.map(p -> p.getFileName().toString())).doesNotContain("data", "ferry-local", "ferry-s3",
                    "s3proxy");
        }

        String markdown = table.markdown();
        assertThat(markdown.lines().findFirst()).contains("| " + String.join(" | ", ResultTable.COLUMNS) + " |");
        assertThat(markdown.lines().filter(line -> line.startsWith("| "))).hasSize(rows.size() + 1);
        Path doc = work.resolve("benchmarks.md");
        Files.writeString(doc, "# Benchmarks\n\nhand-written analysis\n");
        Report.write(doc, "smoke", Report.section("smoke", "test", "?", table, ""));
        Report.write(doc, "smoke", Report.section("smoke", "test", "?", table, ""));
        String written = Files.readString(doc);
        assertThat(written).startsWith("# Benchmarks\n\nhand-written analysis\n");
        assertThat(written.split("<!-- bench:smoke:begin -->", -1)).hasSize(2);
        assertThat(written).contains(markdown.lines().findFirst().orElseThrow());
    }
}
