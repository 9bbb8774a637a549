package io.ferry.broker;

import io.ferry.protocol.config.ConfigException;
import io.ferry.protocol.config.Settings;
import io.ferry.protocol.ops.HealthOptions;
import io.ferry.protocol.ops.HealthServer;
import io.ferry.service.ServiceMeters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one broker node (HiveMQ CE with Ferry's ingress) until SIGTERM: {@code BrokerMain [config.properties]},
 * overlaid by FERRY_* variables; serves {@code GET /health} and {@code GET /metrics} (Prometheus) on
 * {@code ferry.health.port} (default 8081).
 */
public final class BrokerMain {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerMain.class);

    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        BrokerConfig config;
        Settings settings;
        HealthOptions healthOptions;
        try {
            settings = Settings.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv());
            config = BrokerConfig.fromSettings(settings);
            healthOptions = HealthOptions.fromSettings(settings);
        } catch (ConfigException e) {
            LOG.error("Invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("Starting Ferry broker node: {}", config);
        PrometheusMeterRegistry registry = ServiceMeters.registry();
        FerryBroker broker = FerryBroker.start(config, registry);
        HealthServer health = HealthServer.startIfEnabled(healthOptions, broker::isHealthy, registry::scrape);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            if (health != null) {
                health.close();
            }
            stopped.countDown();
        }, "ferry-broker-shutdown"));
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            if (!broker.isHealthy()) {
                LOG.error("Broker node stopped working; exiting so the supervisor restarts it");
                broker.close();
                System.exit(1);
            }
        }
    }
}
