package io.ferry.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.ApiServer;
import io.ferry.client.FerryUploader;
import io.ferry.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Kafka broker lost (3-node cluster, RF 3, min.insync 2): uploads continue." A broker that leads partitions of
 * the commands topic stops without a controlled shutdown (a crash: its leaderships move only once the controller
 * misses its heartbeats) while devices upload; every upload still lands byte-exact and no device resends a byte.
 */
class KafkaBrokerLossIT {
    private static final int PARTITIONS = 4;

    @RegisterExtension
    static final KafkaFixture KAFKA = new KafkaFixture(3, brokerProperties());

    @TempDir
    Path dir;

    @Test
    void shouldFinishEveryUploadWhenAKafkaBrokerIsLostMidUpload() throws Exception {
        try (Cluster cluster = Cluster.create(KAFKA, PARTITIONS, dir.resolve("ferry"), "KafkaBrokerLossIT",
                Map.of())) {
            TopicDescription commands = KAFKA.admin().describeTopics(List.of(cluster.topics().commands()))
                    .allTopicNames().get().get(cluster.topics().commands());
            assertThat(commands.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            cluster.startBroker();
            Cluster.awaitRunning(cluster.startAssembler("assembler"));
            cluster.startExporter("exporter");
            ApiServer server = cluster.startApi("api");
            ApiClient api = new ApiClient("api", server.port());
            List<FerryUploader> devices = IntStream.range(0, 3).mapToObj(i -> cluster.device("kafka-device-" + i))
                    .toList();
            Uploads uploads = Uploads.start(Uploads.roundRobin(devices,
                    Uploads.randomFiles(dir, "kafka", 6, 1024 * 1024, 3 * 1024 * 1024, 51), "kafka"));

            uploads.awaitConfirmed(0.3);
            int victim = leaderToLose(commands);
            BrokerServer broker = KAFKA.cluster().brokers().get(victim);
            broker.shutdown();
            assertThat(uploads.done()).as("uploads finished before broker %d was lost", victim).isLessThan(6);
            uploads.awaitSettled(Duration.ofMinutes(3));

            Verify.allLanded(uploads, api);
            Verify.nothingResent(uploads);
            Verify.localSinkHoldsExactly(cluster.localRoot(), uploads.all());
            assertThat(broker.isShutdown()).as("broker %d still down", victim).isTrue();
        }
    }

    private static Map<String, String> brokerProperties() {
        Map<String, String> properties = new HashMap<>(SharedKafka.BROKER_PROPERTIES);
        properties.put("min.insync.replicas", "2");
        properties.put("default.replication.factor", "3");
        // A crash rather than a polite exit: no controlled shutdown moving leaderships away first.
        properties.put("controlled.shutdown.enable", "false");
        return properties;
    }

    /** A broker leading a commands partition, but not the KRaft controller (its loss is another test). */
    private static int leaderToLose(TopicDescription commands) {
        Set<Integer> controllers = KAFKA.cluster().controllers().keySet();
        return commands.partitions().stream().map(TopicPartitionInfo::leader)
                .map(leader -> leader.id()).filter(id -> !controllers.contains(id))
                .max(Integer::compare).orElseThrow(() -> new IllegalStateException(
                        "every commands partition is led by a controller node " + controllers));
    }
}
