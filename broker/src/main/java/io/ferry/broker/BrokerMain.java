package io.ferry.broker;

import io.ferry.service.ServiceRunner;

/**
 * Runs one broker node (HiveMQ CE with Ferry's ingress) until SIGTERM: {@code BrokerMain [config.properties]},
 * overlaid by FERRY_* variables; serves {@code GET /health} and {@code GET /metrics} (Prometheus) on
 * {@code ferry.health.port} (default 8081).
 */
public final class BrokerMain {
    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceRunner.run("broker", args, BrokerConfig::fromSettings, (config, registry) -> {
            FerryBroker broker = FerryBroker.start(config, registry);
            return ServiceRunner.Service.of(broker::isHealthy, broker::close);
        });
    }
}
