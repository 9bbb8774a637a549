package io.ferry.bridge;

import io.ferry.protocol.config.ConfigException;
import io.ferry.protocol.config.Settings;
import io.ferry.protocol.ops.HealthServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one bridge until SIGTERM: {@code BridgeMain [config.properties]}, overlaid by FERRY_* variables; serves
 * {@code GET /health} on {@code ferry.health.port} (default 8081).
 */
public final class BridgeMain {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeMain.class);

    private BridgeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        BridgeConfig config;
        Settings settings;
        try {
            settings = Settings.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv());
            config = BridgeConfig.fromSettings(settings);
        } catch (ConfigException e) {
            LOG.error("Invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("Starting Ferry bridge: {}", config);
        MqttBridge bridge = MqttBridge.start(config);
        HealthServer health = HealthServer.startIfEnabled(settings, bridge::isRunning);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bridge.close();
            if (health != null) {
                health.close();
            }
            stopped.countDown();
        }, "ferry-bridge-shutdown"));
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            if (!bridge.isRunning()) {
                LOG.error("Bridge stopped working; exiting so the supervisor restarts it");
                bridge.close();
                System.exit(1);
            }
        }
    }
}
