package io.ferry.exporter;

import io.ferry.service.ServiceRunner;

/**
 * {@code java io.ferry.exporter.ExporterMain [config.properties]}; environment variables FERRY_* override. Serves
 * {@code /health} and {@code /metrics} (Prometheus) on {@code ferry.health.port}.
 */
public final class ExporterMain {
    private ExporterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceRunner.run("exporter", args, SinkSettings::apply, ExporterConfig::fromSettings, (config, registry) -> {
            Exporter exporter = Exporter.start(config, registry);
            // not running = the consumer thread died (logged): the supervisor restarts the process
            return ServiceRunner.Service.of(exporter::isRunning, exporter::close);
        });
    }
}
