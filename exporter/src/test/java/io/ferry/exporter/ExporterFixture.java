package io.ferry.exporter;

import io.ferry.protocol.FileNames;
import io.ferry.records.Topics;
import io.ferry.testing.KafkaFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Command logs and exporters for one test against the class's Kafka, closed newest first after the test:
 * {@code @RegisterExtension final ExporterFixture exporters = new ExporterFixture(KAFKA);}.
 */
final class ExporterFixture implements AfterEachCallback {
    private final KafkaFixture kafka;
    private final List<AutoCloseable> resources = new ArrayList<>();

    ExporterFixture(KafkaFixture kafka) {
        this.kafka = kafka;
    }

    /** Closes {@code resource} after the test. */
    <T extends AutoCloseable> T use(T resource) {
        resources.add(resource);
        return resource;
    }

    CommandLog log(Topics topics) {
        return use(new CommandLog(kafka.bootstrapServers(), topics));
    }

    Exporter start(TestConfig config) {
        return use(Exporter.start(config.build()));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static <T> T value(ConsumerRecord<byte[], byte[]> record, Serde<T> serde) {
        return serde.deserializer().deserialize(record.topic(), record.value());
    }

    /** Where the local sink under {@code root} puts the file. */
    static Path exported(Path root, String clientId, String fileId, String name) throws IOException {
        return root.toRealPath().resolve(FileNames.escape(clientId)).resolve(FileNames.escape(fileId)).resolve(name);
    }
}
