package io.ferry.client.it;

import io.ferry.broker.BrokerConfig;
import io.ferry.broker.FerryBroker;
import io.ferry.client.FerryUploader;
import io.ferry.client.FerryUploaderBuilder;
import io.ferry.client.MqttVersion;
import io.ferry.protocol.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/** The real Ferry broker with {@link ProtocolServer} as its bridge, for one test class. */
final class BrokerFixture implements AutoCloseable {
    static final String BRIDGE_PASSWORD = "client-it-bridge";
    final FerryBroker broker;
    final ProtocolServer server;

    BrokerFixture(Path dir) throws Exception {
        broker = FerryBroker.start(BrokerConfig.ephemeral(Files.createDirectories(dir.resolve("broker")),
                BRIDGE_PASSWORD));
        server = new ProtocolServer(broker.port(), BRIDGE_PASSWORD, Files.createDirectories(dir.resolve("server")));
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
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            broker.close();
        }
    }
}
