package io.ferry.testing;

import io.ferry.records.TopicAdmin;
import io.ferry.records.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real in-process KRaft Kafka (combined broker + controller) for one test class:
 * {@code @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();}. Each test takes its own
 * {@link #newTopics(int)} so tests never share topics. Kafka's test kit is internal API: only this module uses it.
 */
public final class KafkaFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private final int brokers;
    private final Map<String, String> brokerProperties;
    private KafkaClusterTestKit cluster;
    private Admin admin;

    public KafkaFixture() {
        this(1, Map.of());
    }

    public KafkaFixture(int brokers, Map<String, String> brokerProperties) {
        this.brokers = brokers;
        this.brokerProperties = Map.copyOf(brokerProperties);
    }

    public void start() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(brokers)
                .setNumControllerNodes(1)
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", Integer.toString(Math.min(brokers, 3)))
                .setConfigProp("offsets.topic.num.partitions", "4")
                .setConfigProp("transaction.state.log.replication.factor", Integer.toString(Math.min(brokers, 3)))
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "4")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("message.max.bytes", Integer.toString(TopicAdmin.MAX_MESSAGE_BYTES + 1024))
                .setConfigProp("replica.fetch.max.bytes", Integer.toString(TopicAdmin.MAX_MESSAGE_BYTES + 1024))
                .setConfigProp("auto.create.topics.enable", "false");
        brokerProperties.forEach(builder::setConfigProp);
        cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Admin admin() {
        return admin;
    }

    public KafkaClusterTestKit cluster() {
        return cluster;
    }

    /** Creates a fresh set of Ferry topics with a unique prefix. */
    public Topics newTopics(int partitions) {
        Topics topics = Topics.withPrefix("t" + SEQUENCE.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 8) + ".");
        TopicAdmin.ensureTopics(admin, topics, partitions, (short) Math.min(brokers, 3));
        return topics;
    }

    /** A unique id for consumer groups, Streams application ids and transactional ids. */
    public static String uniqueId(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Basic client settings against this cluster. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers());
        return config;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    @Override
    public void close() throws Exception {
        if (admin != null) {
            admin.close();
            admin = null;
        }
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
