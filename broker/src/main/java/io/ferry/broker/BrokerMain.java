package io.ferry.broker;

import io.ferry.protocol.config.ConfigException;
import io.ferry.protocol.config.Settings;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the embedded broker alone until SIGTERM: {@code BrokerMain [config.properties]}. */
public final class BrokerMain {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerMain.class);

    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        BrokerConfig config;
        try {
            config = BrokerConfig.fromSettings(Settings.load(args.length > 0 ? Path.of(args[0]) : null,
                    System.getenv()));
        } catch (ConfigException e) {
            LOG.error("Invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("Starting Ferry broker: {}", config);
        FerryBroker broker = FerryBroker.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "ferry-broker-shutdown"));
        stopped.await();
    }
}
