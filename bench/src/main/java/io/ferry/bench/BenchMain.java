package io.ferry.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./ferry bench}: runs the benchmark scenarios (a)–(f) of docs/benchmarks.md against Ferry and its baselines
 * in one run, prints the table, and with {@code --write} puts it into docs/benchmarks.md. Exit code 1 if a scenario
 * could not run (a missed target is a result, not an error).
 */
@Command(name = "ferry bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure Ferry against raw MQTT and direct S3 (docs/benchmarks.md).")
public final class BenchMain implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Option(names = "--scenarios", split = ",", description = "Scenarios to run, of a,b,c,d,e,f (default: all).")
    private List<String> scenarios;
    @Option(names = "--quick", description = "Tiny sizes: checks the harness in seconds, measures nothing.")
    private boolean quick;
    @Option(names = "--write", arity = "0..1", fallbackValue = "docs/benchmarks.md",
            description = "Write the table into this Markdown file (default docs/benchmarks.md).")
    private Path writeTo;
    @Option(names = "--label", description = "Section of the Markdown file to (re)write (default latest).")
    private String label;
    @Option(names = "--jfr", description = "Profile each scenario with JFR; summaries go into the report.")
    private boolean jfr;
    @Option(names = "--work-dir", description = "Logs, JFR files and data (default: a new temp directory).")
    private Path workDir;
    @Option(names = "--keep", description = "Keep the data files and Ferry's data after the run.")
    private boolean keep;
    @Option(names = "--mqtt", description = "An external Ferry's MQTT address (mqtt://host:1883) instead of the "
            + "standalone started here; needs --local-root or the --s3-* options to check files.")
    private URI externalMqtt;
    @Option(names = "--local-root", description = "The external Ferry's local export root.")
    private Path localRoot;
    @Option(names = "--set", description = "A Ferry setting for every Ferry started here (key=value, repeatable).")
    private Map<String, String> ferrySettings;
    @Option(names = "--service-jvm-opt", description = "A JVM option for every service JVM of (d) and (f) "
            + "(repeatable), e.g. -XX:G1HeapRegionSize=4m.")
    private List<String> serviceJvmOpts;
    @Option(names = "--s3-endpoint", description = "An S3 server for (b) instead of the S3Proxy started here.")
    private URI s3Endpoint;
    @Option(names = "--s3-bucket", description = "Bucket for (b) (default ferry-bench).")
    private String s3Bucket;
    @Option(names = "--s3-region", description = "Region (default us-east-1).")
    private String s3Region;
    @Option(names = "--s3-access-key", description = "Access key (default: the SDK's credential chain).")
    private String s3AccessKey;
    @Option(names = "--s3-secret-key", description = "Secret key.")
    private String s3SecretKey;
    @Option(names = "--s3proxy-jar", description = "S3Proxy's jar-with-dependencies (default: bench/target/s3proxy).")
    private Path s3proxyJar;
    @Option(names = "--segment-sizes", split = ",", description = "(a) segment sizes (default 4k,64k,1m).")
    private List<String> segmentSizes;
    @Option(names = "--throughput-bytes", description = "(a) bytes per segment size (a quarter for < 16k).")
    private String throughputBytes;
    @Option(names = "--devices", description = "(a) devices / raw publishers.")
    private Integer devices;
    @Option(names = "--export-size", description = "(b) file size.")
    private String exportSize;
    @Option(names = "--repeats", description = "(b) repeats (median).")
    private Integer repeats;
    @Option(names = "--clients", description = "(c) devices (connections).")
    private Integer clients;
    @Option(names = "--client-file-size", description = "(c) file size per device.")
    private String clientFileSize;
    @Option(names = "--big-size", description = "(d) upload size.")
    private String bigSize;
    @Option(names = "--service-heap", description = "(d) -Xmx of every service JVM.")
    private String serviceHeap;
    @Option(names = "--amp-uploads", description = "(e) concurrent uploads.")
    private Integer ampUploads;
    @Option(names = "--amp-file-size", description = "(e) file size per upload.")
    private String ampFileSize;
    @Option(names = "--takeover-transfers", description = "(f) transfers in flight.")
    private Integer takeoverTransfers;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("ferry-bench-");
        configureLogging(work);
        BenchOptions options = options(work);
        PrintStream out = System.out;
        out.println("ferry bench: scenarios " + String.join(",", options.scenarios().stream().sorted().toList())
                + (quick ? " (quick: sizes too small to mean anything)" : "") + "; logs in " + work);
        out.println("machine: " + Machine.describe());
        String loadBefore = Machine.loadAverage();
        BenchRun run = new BenchRun(options, out);
        ResultTable table = run.run();
        String load = "at start " + loadBefore + ", at end " + Machine.loadAverage();
        out.println();
        out.print(table.text());
        out.println("load average (1/5/15 min) " + load);
        if (!run.profiles().isBlank()) {
            out.println();
            out.print(run.profiles());
        }
        if (options.writeTo() != null) {
            Report.write(options.writeTo(), options.label(), Report.section(options.label(), options.command(), load,
                    table, run.profiles()));
            out.println("written to " + options.writeTo() + " (section " + options.label() + ")");
        }
        return table.rows().stream().anyMatch(r -> r.note().startsWith("FAILED")) ? 1 : 0;
    }

    /** Before the first logger exists: everything into the run's log file, the console stays for the table. */
    static void configureLogging(Path work) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "ferry-bench-logback.xml");
        }
        System.setProperty("ferry.bench.log", work.resolve("bench.log").toString());
    }

    BenchOptions options(Path work) {
        Set<String> chosen = scenarios == null ? BenchOptions.ALL : new LinkedHashSet<>(scenarios);
        BenchOptions p = quick ? BenchOptions.quick(chosen, work) : BenchOptions.full(chosen, work);
        S3Target s3 = s3Endpoint == null && s3Bucket == null ? null : new S3Target(s3Endpoint,
                or(s3Region, "us-east-1"), or(s3Bucket, "ferry-bench"), s3AccessKey, s3SecretKey);
        List<Integer> segments = segmentSizes == null ? p.segmentSizes()
                : segmentSizes.stream().map(s -> (int) Sizes.parse(s)).toList();
        return new BenchOptions(chosen, work, keep, jfr, writeTo, or(label, p.label()), command(), externalMqtt,
                localRoot, s3, or(s3proxyJar, defaultS3ProxyJar()), segments, size(throughputBytes,
                p.throughputBytes()), or(devices, p.throughputDevices()), size(exportSize, p.exportFileSize()),
                or(repeats, p.repeats()), or(clients, p.clients()), (int) size(clientFileSize, p.clientFileSize()),
                p.clientSegment(), size(bigSize, p.bigFileSize()), or(serviceHeap, p.serviceHeap()),
                or(ampUploads, p.ampUploads()), (int) size(ampFileSize, p.ampFileSize()), p.ampSegment(),
                or(takeoverTransfers, p.takeoverTransfers()), p.takeoverSegments(), p.takeoverSegment(),
                p.takeoverPaceMillis(), ferrySettings == null ? Map.of() : ferrySettings,
                serviceJvmOpts == null ? List.of() : serviceJvmOpts);
    }

    private String command() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return "./ferry bench" + (args.isEmpty() ? "" : " " + String.join(" ", args));
    }

    /** target/s3proxy/s3proxy.jar next to this class's jar or classes directory. */
    static Path defaultS3ProxyJar() {
        try {
            Path code = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent().resolve("s3proxy").resolve("s3proxy.jar");
        } catch (URISyntaxException | SecurityException e) {
            return Path.of("bench", "target", "s3proxy", "s3proxy.jar");
        }
    }

    private static long size(String text, long defaultValue) {
        return text == null ? defaultValue : Sizes.parse(text);
    }

    private static <T> T or(T value, T defaultValue) {
        return value == null ? defaultValue : value;
    }
}
