package io.ferry.system;

import io.ferry.testing.KafkaFixture;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One single-node Kafka for every test class of the run that registers this extension (each test takes its own
 * topics, groups and application ids), because starting and stopping KRaft costs more than many tests here. JUnit
 * closes it when the whole run ends (the root store closes {@link AutoCloseable} values).
 */
final class SharedKafka implements BeforeAllCallback {
    /**
     * Fast failure detection, as {@link Cluster} configures its clients: group sessions may be as short as 1 s, and
     * transactions of a dead producer are aborted within a second of their timeout.
     */
    static final Map<String, String> BROKER_PROPERTIES = Map.of(
            "group.min.session.timeout.ms", "1000",
            "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedKafka.class);
    private volatile KafkaFixture kafka;

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(KafkaFixture.class,
                key -> start(), KafkaFixture.class);
    }

    KafkaFixture fixture() {
        return kafka;
    }

    private static KafkaFixture start() {
        KafkaFixture fixture = new KafkaFixture(1, BROKER_PROPERTIES);
        try {
            fixture.start();
        } catch (Exception e) {
            try {
                fixture.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw new IllegalStateException("cannot start the shared Kafka", e);
        }
        return fixture;
    }
}
