package io.ferry.assembler;

import io.ferry.protocol.config.ConfigException;
import io.ferry.protocol.config.Settings;
import io.ferry.protocol.ops.HealthOptions;
import io.ferry.protocol.ops.HealthServer;
import io.ferry.service.ServiceMeters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code java io.ferry.assembler.AssemblerMain [config.properties]}; FERRY_* environment variables win. Serves
 * {@code /health} and {@code /metrics} (Prometheus) on {@code ferry.health.port}.
 */
public final class AssemblerMain {
    private AssemblerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        AssemblerConfig config;
        Settings settings;
        HealthOptions healthOptions;
        try {
            settings = Settings.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv());
            config = AssemblerConfig.fromSettings(settings);
            healthOptions = HealthOptions.fromSettings(settings);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        PrometheusMeterRegistry registry = ServiceMeters.registry();
        Assembler assembler = Assembler.start(config, registry);
        // Rebalancing and restoring count as healthy; only a dead Streams instance needs a restart.
        HealthServer health = HealthServer.startIfEnabled(healthOptions,
                () -> assembler.state() != KafkaStreams.State.ERROR
                && assembler.state() != KafkaStreams.State.NOT_RUNNING, registry::scrape);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            assembler.close();
            if (health != null) {
                health.close();
            }
        }, "assembler-shutdown"));
        if (!assembler.awaitRunning(Duration.ofMinutes(5))) {
            System.err.println("assembler did not reach RUNNING: " + assembler.state());
        }
        assembler.awaitTermination();
        if (assembler.state() == KafkaStreams.State.ERROR) {
            System.exit(1);
        }
    }
}
