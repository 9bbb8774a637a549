package io.ferry.standalone;

import io.ferry.config.ConfigException;
import io.ferry.config.Settings;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Only the standalone's single-node KRaft Kafka, as its own process (benchmarks run every service in its own JVM):
 * {@code KafkaMain [config.properties]} with {@code ferry.kafka.dir} (default {@code data/kafka}),
 * {@code ferry.kafka.host} (127.0.0.1), {@code ferry.kafka.port} (19092), {@code ferry.kafka.controller.port}
 * (19093); FERRY_* variables win. Prints {@code kafka ready <bootstrap>} on stdout once it serves.
 */
public final class KafkaMain {
    private KafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir;
        String host;
        int port;
        int controllerPort;
        try {
            Settings settings = Settings.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv());
            dir = Path.of(settings.get(StandaloneSettings.KAFKA_DIR)).toAbsolutePath();
            host = settings.get(StandaloneSettings.KAFKA_HOST);
            port = settings.get(StandaloneSettings.KAFKA_PORT);
            controllerPort = settings.get(StandaloneSettings.KAFKA_CONTROLLER_PORT);
            if (port == 0 || controllerPort == 0) {
                settings.addError("ferry.kafka.port, ferry.kafka.controller.port: KafkaMain needs fixed ports");
            }
            settings.validate();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, host, port, controllerPort);
        System.out.println("kafka ready " + kafka.bootstrapServers());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "ferry-kafka-shutdown"));
        stopped.await();
    }
}
