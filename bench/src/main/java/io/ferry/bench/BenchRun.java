package io.ferry.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One harness run: (a), (b local), (c), (e) against one local-sink Ferry, (b S3) against an S3-sink Ferry and S3Proxy
 * (or the given S3), (d) and (f) against Ferry's services in separate JVMs. A scenario that throws becomes a FAILED
 * row and the run goes on. Progress goes to {@code out}; the table is returned.
 */
final class BenchRun {
    private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);
    /** What a run writes under its work directory besides bench.log and jfr/: deleted unless --keep. */
    private static final List<String> SCRATCH_DIRS =
            List.of("data", "ferry-local", "ferry-s3", "s3proxy", "cluster-d", "cluster-f");
    private final BenchOptions options;
    private final PrintStream out;
    private final ResultTable table = new ResultTable();
    private final StringBuilder profiles = new StringBuilder();
    private final Path data;

    BenchRun(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.data = options.workDir().resolve("data");
    }

    ResultTable run() {
        try {
            Files.createDirectories(data);
            if (options.runs("a") || options.runs("b") || options.runs("c") || options.runs("e")) {
                localStackScenarios();
            }
            if (options.runs("b")) {
                s3Scenario();
            }
            if (options.runs("d") || options.runs("f")) {
                clusterScenarios();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!options.keep()) {
                // Ferry's Kafka logs and exported files are GBs per run; the log and JFR files stay
                SCRATCH_DIRS.forEach(name -> deleteTree(options.workDir().resolve(name)));
            }
        }
        return table;
    }

    String profiles() {
        return profiles.toString();
    }

    private void localStackScenarios() {
        progress("starting Ferry (local sink)");
        try (FerryStack stack = options.external()
                ? new ExternalStack(options.externalMqtt(), options.externalLocalRoot(), options.externalS3())
                : InProcessStack.start(options.workDir().resolve("ferry-local"), null, options.ferrySettings())) {
            progress("Ferry: " + stack.description());
            progress("warming up (raw MQTT and Ferry uploads, untimed)");
            Warmup.run(stack, data, options.warmupBytes());
            if (options.runs("a")) {
                scenario("a", "upload throughput vs raw MQTT", () -> new ThroughputScenario(stack, options, data).run());
            }
            if (options.runs("b") && stack.localRoot() != null) {
                scenario("b", "fin -> visible (local sink)",
                        () -> List.of(new ExportLatencyScenario(stack, options, data).run()));
            }
            if (options.runs("c")) {
                scenario("c", options.clients() + " concurrent devices",
                        () -> new ManyClientsScenario(stack, options, data).run());
            }
            if (options.runs("e")) {
                scenario("e", "exporter read amplification",
                        () -> List.of(new AmplificationScenario(stack, options, data).run()));
            }
        }
    }

    private void s3Scenario() {
        if (options.external()) {
            if (options.externalS3() != null) {
                try (FerryStack stack = new ExternalStack(options.externalMqtt(), null, options.externalS3())) {
                    scenario("b", "fin -> visible (S3 sink)",
                            () -> List.of(new ExportLatencyScenario(stack, options, data).run()));
                }
            }
            return;
        }
        S3ProxyProcess proxy = null;
        S3Target target = options.externalS3();
        try {
            if (target == null) {
                progress("starting S3Proxy");
                proxy = S3ProxyProcess.start(options.s3proxyJar(), options.workDir().resolve("s3proxy"), "ferry-bench");
                target = proxy.target();
            } else {
                target.ensureBucket();
            }
            progress("starting Ferry (S3 sink)");
            try (FerryStack stack = InProcessStack.start(options.workDir().resolve("ferry-s3"), target, options.ferrySettings())) {
                scenario("b", "fin -> visible (S3 sink)",
                        () -> List.of(new ExportLatencyScenario(stack, options, data).run()));
            }
        } catch (RuntimeException e) {
            LOG.error("S3 scenario could not run", e);
            table.add(Row.failed("b", "fin -> visible, S3", Target.ratioAtMost(1.2), e.toString()));
        } finally {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    private void clusterScenarios() throws IOException {
        if (options.jfr()) {
            Files.createDirectories(options.workDir().resolve("jfr"));
        }
        List<String> jvmExtra = new ArrayList<>(options.serviceJvmOptions());
        if (options.jfr()) {
            jvmExtra.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + options.workDir().resolve("jfr") + "/{name}.jfr");
        }
        if (options.runs("d")) {
            scenario("d", Sizes.bytes(options.bigFileSize()) + " upload, services at -Xmx" + options.serviceHeap(),
                    () -> new BigUploadScenario(options, data, jvmExtra).run());
            summarizeChildProfiles("cluster-d");
        }
        if (options.runs("f")) {
            scenario("f", "assembler takeover, " + options.takeoverTransfers() + " transfers in flight",
                    () -> new TakeoverScenario(options, data, jvmExtra).run());
            summarizeChildProfiles("cluster-f");
        }
    }

    private void summarizeChildProfiles(String cluster) {
        if (!options.jfr()) {
            return;
        }
        Path dir = options.workDir().resolve("jfr");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jfr") && !f.getFileName().toString()
                    .matches("[a-f]-.*")).sorted().toList()) {
                Path renamed = dir.resolve(cluster + "-" + file.getFileName());
                Files.move(file, renamed);
                profiles.append(Profiler.summarize(renamed, 12)).append('\n');
            }
        } catch (IOException e) {
            LOG.warn("cannot read the services' JFR files: {}", e.toString());
        }
    }

    /** Runs one scenario, under JFR when asked; a failure becomes a row. */
    void scenario(String id, String title, Supplier<List<Row>> body) {
        progress("(" + id + ") " + title + " ... (load average " + Machine.loadAverage() + ")");
        long started = System.nanoTime();
        Profiler profiler = options.jfr() ? Profiler.start(options.workDir().resolve("jfr"), id + "-"
                + title.replaceAll("[^A-Za-z0-9]+", "-")) : null;
        try {
            for (Row row : body.get()) {
                table.add(row);
                progress("    " + row.metric() + ": " + row.ferryText() + " vs " + row.baselineText() + "  "
                        + row.verdict());
            }
        } catch (RuntimeException e) {
            LOG.error("scenario {} failed", id, e);
            table.add(Row.failed(id, title, Target.NONE, e.toString()));
            progress("    FAILED: " + e);
        } finally {
            if (profiler != null) {
                profiles.append(profiler.stop(12)).append('\n');
            }
        }
        progress(String.format("    (%.0f s)", (System.nanoTime() - started) / 1e9));
    }

    void progress(String line) {
        out.println(line);
        out.flush();
        LOG.info("{}", line);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.toString());
        }
    }
}
