package io.ferry.assembler;

import io.ferry.service.ServiceRunner;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code java io.ferry.assembler.AssemblerMain [config.properties]}; FERRY_* environment variables win. Serves
 * {@code /health} and {@code /metrics} (Prometheus) on {@code ferry.health.port}.
 */
public final class AssemblerMain {
    private AssemblerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceRunner.run("assembler", args, AssemblerConfig::fromSettings, (config, registry) -> {
            Assembler assembler = Assembler.start(config, registry);
            // Rebalancing and restoring count as healthy; only a dead Streams instance needs a restart.
            return ServiceRunner.Service.of(() -> assembler.state() != KafkaStreams.State.ERROR
                    && assembler.state() != KafkaStreams.State.NOT_RUNNING, assembler::close);
        });
    }
}
