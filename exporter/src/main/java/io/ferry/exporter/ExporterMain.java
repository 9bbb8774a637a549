package io.ferry.exporter;

import io.ferry.protocol.config.ConfigException;
import io.ferry.protocol.config.Settings;
import io.ferry.protocol.ops.HealthOptions;
import io.ferry.protocol.ops.HealthServer;
import io.ferry.service.ServiceMeters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code java io.ferry.exporter.ExporterMain [config.properties]}; environment variables FERRY_* override. Serves
 * {@code /health} and {@code /metrics} (Prometheus) on {@code ferry.health.port}.
 */
public final class ExporterMain {
    private ExporterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ExporterConfig config;
        Settings settings;
        HealthOptions healthOptions;
        try {
            settings = SinkSettings.apply(Settings.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv()));
            config = ExporterConfig.fromSettings(settings);
            healthOptions = HealthOptions.fromSettings(settings);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        PrometheusMeterRegistry registry = ServiceMeters.registry();
        Exporter exporter = Exporter.start(config, registry);
        HealthServer health = HealthServer.startIfEnabled(healthOptions, exporter::isRunning, registry::scrape);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            exporter.close();
            if (health != null) {
                health.close();
            }
            stopped.countDown();
        }, "ferry-exporter-shutdown"));
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            if (!exporter.isRunning()) {
                // The consumer thread died (logged); let the supervisor restart the process.
                exporter.close();
                System.exit(1);
            }
        }
    }
}
