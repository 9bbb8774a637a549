package io.ferry.client.it;

import io.ferry.broker.BrokerConfig;
import io.ferry.broker.FerryBroker;
import io.ferry.client.FerryUploader;
import io.ferry.client.FerryUploaderBuilder;
import io.ferry.client.MqttVersion;
import io.ferry.protocol.Sha256;
import io.ferry.records.Topics;
import io.ferry.testing.KafkaFixture;
import io.ferry.testing.TestDirectories;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Ferry broker node writing commands to a real Kafka, with {@link ProtocolServer} answering them through
 * Kafka, for one test class: a class extension registered after the class's {@link KafkaFixture}
 * ({@code @RegisterExtension @Order(2) static final BrokerFixture FIXTURE = new BrokerFixture(KAFKA);}), started
 * before its tests and closed after them. The topics are the class's own.
 */
final class BrokerFixture implements BeforeAllCallback, AfterAllCallback {
    private static final int PARTITIONS = 2;
    /**
     * Below the CLI's 256 KiB segments (so the broker writes them as several records and the server answers after
     * the last part), above the SDK tests' 64 KiB ones.
     */
    static final int SUB_SEGMENT = 128 * 1024;
    private final KafkaFixture kafka;
    private Path dir;
    Topics topics;
    FerryBroker broker;
    ProtocolServer server;

    BrokerFixture(KafkaFixture kafka) {
        this.kafka = kafka;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("ferry-client-it");
        topics = kafka.newTopics(PARTITIONS);
        server = new ProtocolServer(kafka.bootstrapServers(), topics, Files.createDirectories(dir.resolve("server")));
        BrokerConfig config = BrokerConfig.ephemeral(Files.createDirectories(dir.resolve("broker")),
                kafka.bootstrapServers(), topics);
        broker = FerryBroker.start(config.withExtension(config.extension().withIngress(
                config.extension().ingress().withSubSegmentBytes(SUB_SEGMENT))));
    }

    FerryUploaderBuilder uploader(String clientId, int port) {
        return FerryUploader.builder()
                .broker("mqtt://127.0.0.1:" + port)
                .clientId(clientId)
                .mqttVersion(MqttVersion.MQTT_5)
                .reconnectDelay(Duration.ofMillis(100), Duration.ofMillis(500))
                .statusTimeout(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(20));
    }

    /** A file of pseudo-random bytes, written in chunks. */
    static Path randomFile(Path dir, String name, long size, long seed) throws IOException {
        Path file = dir.resolve(name);
        Random random = new Random(seed);
        byte[] chunk = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; ) {
                random.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, size - written);
                out.write(chunk, 0, n);
                written += n;
            }
        }
        return file;
    }

    static String sha256(Path file) throws IOException {
        return io.ferry.client.FileIds.sha256(file).hex();
    }

    static Sha256 digest(Path file) throws IOException {
        return io.ferry.client.FileIds.sha256(file);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                TestDirectories.deleteRecursively(dir);
            }
        }
    }
}
