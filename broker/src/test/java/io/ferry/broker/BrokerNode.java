package io.ferry.broker;

import io.ferry.records.Topics;
import io.ferry.testing.KafkaFixture;
import io.ferry.testing.TestDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Ferry broker node for a test class, on fresh topics of the class's {@link KafkaFixture}: started before
 * the class's tests, stopped (and its data directory deleted) after them. Register it after the Kafka fixture:
 * {@code @RegisterExtension @Order(1) static final KafkaFixture KAFKA = ...;
 * @RegisterExtension @Order(2) static final BrokerNode NODE = new BrokerNode(KAFKA, 2);}
 */
final class BrokerNode implements BeforeAllCallback, AfterAllCallback {
    private final KafkaFixture kafka;
    private final int partitions;
    private final UnaryOperator<ExtensionConfig> tune;
    private Path dataDir;
    private Topics topics;
    private FerryBroker broker;

    BrokerNode(KafkaFixture kafka, int partitions) {
        this(kafka, partitions, UnaryOperator.identity());
    }

    BrokerNode(KafkaFixture kafka, int partitions, UnaryOperator<ExtensionConfig> tune) {
        this.kafka = kafka;
        this.partitions = partitions;
        this.tune = tune;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("ferry-broker-node");
        topics = kafka.newTopics(partitions);
        broker = IngressFixture.startBroker(dataDir, kafka, topics, tune);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            TestDirectories.deleteRecursively(dataDir);
        }
    }

    FerryBroker broker() {
        return broker;
    }

    Topics topics() {
        return topics;
    }
}
