package io.ferry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-service scenarios with tiny sizes: every Ferry service and Kafka in its own JVM, (d) a capped-heap upload
 * with heap and RSS figures for each of them, (f) an assembler killed under paced uploads that all still land.
 */
class BenchClusterIT {
    private static final List<String> SERVICES = List.of("kafka", "broker", "assembler-1", "exporter", "api");

    @TempDir
    Path work;

    @Test
    void shouldReportHeapAndRssOfEveryServiceAndSurviveAnAssemblerKill() {
        BenchOptions quick = BenchOptions.quick(Set.of("d", "f"), work);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        List<Row> rows = new BenchRun(quick, new PrintStream(progress, true, StandardCharsets.UTF_8)).run().rows();

        assertThat(rows).as(progress.toString(StandardCharsets.UTF_8)).allSatisfy(row ->
                assertThat(row.note()).doesNotStartWith("FAILED"));
        assertThat(rows).filteredOn(row -> row.unit().equals("count")).extracting(Row::scenario, Row::verdict)
                .containsExactly(tuple("d", "ok"),
                        tuple("f", "ok"));
        for (String service : SERVICES) {
            assertThat(rows).filteredOn(row -> row.metric().equals("peak heap: " + service)).singleElement()
                    .satisfies(row -> assertThat(row.ferry()).isPositive().isLessThanOrEqualTo(row.baseline()));
            assertThat(rows).filteredOn(row -> row.metric().equals("peak RSS: " + service)).singleElement()
                    .satisfies(row -> assertThat(row.ferry()).isPositive());
        }
        assertThat(rows).filteredOn(row -> row.scenario().equals("f") && row.unit().equals("s")).singleElement()
                .satisfies(row -> assertThat(row.ferry()).isPositive());
    }
}
