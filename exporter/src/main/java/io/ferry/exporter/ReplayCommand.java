package io.ferry.exporter;

import io.ferry.exporter.sink.Sink;
import io.ferry.records.TransferId;
import io.ferry.config.ConfigException;
import io.ferry.config.KafkaSettings;
import io.ferry.config.Settings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.errors.InterruptException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./ferry replay --to <sink URI> [--client ID] [--file CLIENT/FILE] [--since TIME] [--until TIME]}: copies
 * files Ferry exported before into another sink ({@code file:///dir} or {@code s3://bucket/prefix}, S3 access from
 * {@code FERRY_S3_*}), reading their bytes back from Kafka (default: the standalone's, {@code 127.0.0.1:19092}).
 * Exit code 0 if every selected file is now in the sink, 1 if any failed or was past retention, 2 on bad arguments
 * or configuration, 130 when interrupted (run it again: what was copied is skipped).
 */
@Command(name = "ferry replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Copy files Ferry exported before into another sink, reading their bytes back from Kafka.")
public final class ReplayCommand implements Callable<Integer> {
    static final int INTERRUPTED = 130;
    @Option(names = "--to", required = true, paramLabel = "URI",
            description = "target sink: file:///dir or s3://bucket/prefix (S3 access from FERRY_S3_*)")
    private String to;
    @Option(names = "--client", paramLabel = "ID", description = "only files of this client id")
    private String clientId;
    @Option(names = "--file", paramLabel = "CLIENT/FILE", description = "only this file (client id/file id)")
    private String file;
    @Option(names = "--since", paramLabel = "TIME",
            description = "only files exported at or after TIME: 2026-12-03T10:00:00Z, 2026-12-03, or an age (2h, 7d)")
    private String since;
    @Option(names = "--until", paramLabel = "TIME", description = "only files exported before TIME (same forms)")
    private String until;
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka (default FERRY_KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:FERRY_KAFKA_PORT or 19092)")
    private String bootstrapServers;
    @Option(names = "--config", paramLabel = "FILE",
            description = "properties file with ferry.* keys (FERRY_* variables override)")
    private Path config;

    private final Map<String, String> env;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final AtomicBoolean stop = new AtomicBoolean();

    public ReplayCommand(Map<String, String> env, Clock clock, PrintStream out, PrintStream err, boolean terminal) {
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        ReplayCommand command = new ReplayCommand(System.getenv(), Clock.systemUTC(), System.out, System.err,
                System.console() != null);
        Thread main = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onSignal = new Thread(() -> {
            // Ctrl-C / SIGTERM: stop after aborting the file being written, then let the summary print.
            command.stop.set(true);
            main.interrupt();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ferry-replay-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        int code = new CommandLine(command).execute(args);
        finished.countDown();
        System.exit(code);
    }

    /** Stops the run as Ctrl-C does (for tests and embedding). */
    void requestStop() {
        stop.set(true);
    }

    @Override
    public Integer call() {
        ExporterConfig exporterConfig;
        Replay.Selection selection;
        try {
            exporterConfig = ExporterConfig.fromSettings(settings());
            selection = selection();
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("ferry replay: " + e.getMessage());
            return 2;
        }
        List<Sink> sinks = Sinks.create(exporterConfig, clock);
        try {
            Replay.Summary summary = new Replay(exporterConfig, sinks)
                    .run(selection, new ReplayProgress(err, terminal), stop::get);
            print(summary);
            return summary.interrupted() ? INTERRUPTED : summary.complete() ? 0 : 1;
        } catch (InterruptException e) {
            err.println("ferry replay: interrupted before copying anything");
            return INTERRUPTED;
        } finally {
            sinks.forEach(Sink::close);
        }
    }

    private Settings settings() {
        Settings settings = Settings.load(config, env);
        String bootstrap = bootstrapServers != null ? bootstrapServers
                : settings.string(KafkaSettings.BOOTSTRAP_SERVERS.key(),
                        "127.0.0.1:" + settings.string("ferry.kafka.port", "19092"));
        return SinkSettings.withSinks(settings, to, "--to").with(KafkaSettings.BOOTSTRAP_SERVERS.key(), bootstrap)
                .with("ferry.exporter.concurrency", "1");
    }

    private Replay.Selection selection() {
        TransferId id = null;
        if (file != null) {
            int slash = file.lastIndexOf('/');
            if (slash <= 0 || slash == file.length() - 1) {
                throw new IllegalArgumentException("--file: '" + file + "' is not CLIENT/FILE");
            }
            id = new TransferId(file.substring(0, slash), file.substring(slash + 1));
        }
        Instant from = since == null ? null : ReplayTimes.parse(since, clock);
        Instant before = until == null ? null : ReplayTimes.parse(until, clock);
        if (from != null && before != null && !before.isAfter(from)) {
            throw new IllegalArgumentException("--until must be after --since");
        }
        return new Replay.Selection(clientId, id, from, before);
    }

    private void print(Replay.Summary summary) {
        out.printf(Locale.ROOT, "replay to %s: %d selected, %d copied, %d already there, %d past retention, "
                + "%d failed%s%n", to, summary.selected(), summary.copied(), summary.alreadyPresent(),
                summary.pastRetention().size(), summary.failures().size(),
                summary.interrupted() ? ", interrupted" : "");
        summary.pastRetention().forEach(line -> out.println("PAST RETENTION " + line));
        summary.failures().forEach(line -> out.println("FAILED " + line));
        if (summary.interrupted()) {
            out.println("interrupted: nothing partial was left in the sink; run the same command again to continue "
                    + "(files already copied are skipped)");
        }
        out.flush();
    }
}
