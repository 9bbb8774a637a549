package io.ferry.exporter;

import io.ferry.exporter.sink.Sink;
import io.ferry.protocol.config.ConfigException;
import io.ferry.protocol.config.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ferry-replay --config replay.properties (--all | --client-id ID | --from T --to T)}: re-exports files to
 * the sinks the config file names ({@code ferry.exporter.sinks}, {@code ferry.exporter.local.root},
 * {@code ferry.exporter.s3.*}), reading Kafka at {@code ferry.kafka.bootstrap.servers}. Exit code 0 if every
 * selected file was copied, 1 if any failed, 2 on bad arguments or configuration.
 */
@Command(name = "ferry-replay", mixinStandardHelpOptions = true,
        description = "Re-export files recorded in the Ferry catalog to other sinks.")
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--config", description = "properties file (FERRY_* environment variables override)")
    private Path config;
    @Option(names = "--all", description = "replay every exported file")
    private boolean all;
    @Option(names = "--client-id", description = "only files of this client")
    private String clientId;
    @Option(names = "--from", description = "only files exported at or after this instant (ISO-8601)")
    private Instant from;
    @Option(names = "--to", description = "only files exported before this instant (ISO-8601)")
    private Instant to;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReplayCommand()).execute(args));
    }

    @Override
    public Integer call() {
        if (!all && clientId == null && from == null && to == null) {
            System.err.println("choose files: --all, --client-id, --from and/or --to");
            return 2;
        }
        ExporterConfig exporterConfig;
        try {
            exporterConfig = ExporterConfig.fromSettings(Settings.load(config, System.getenv()));
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        List<Sink> sinks = Sinks.create(exporterConfig, Clock.systemUTC());
        try {
            Replay.Summary summary = new Replay(exporterConfig, sinks)
                    .run(new Replay.Selection(all ? null : clientId, all ? null : from, all ? null : to));
            System.out.printf("selected %d, exported %d, failed %d%n", summary.selected(), summary.exported(),
                    summary.failures().size());
            summary.failures().forEach(failure -> System.out.println("FAILED " + failure));
            return summary.failures().isEmpty() ? 0 : 1;
        } finally {
            sinks.forEach(Sink::close);
        }
    }
}
