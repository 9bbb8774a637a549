package io.ferry.system;

import io.ferry.records.TopicAdmin;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link ScaleOutScenario} against a real Kafka broker in a container: the image docker-compose.yml runs (KRaft,
 * broker and controller in one node), with the broker settings of docker-compose.yml and deploy/base/kafka.yaml that
 * matter to Ferry. Only the "docker" profile of system-tests/pom.xml compiles and runs it; without a Docker engine it
 * is reported as skipped, with the reason in the log and the failsafe report, never as failed.
 */
@EnabledIf(value = "dockerAvailable", disabledReason = ScaleOutDockerIT.NO_DOCKER)
@Testcontainers
class ScaleOutDockerIT {
    static final String NO_DOCKER = "no Docker engine: Testcontainers found none (start one or set DOCKER_HOST);"
            + " ScaleOutIT runs the same scenario against the in-process Kafka";
    /** docker-compose.yml's {@code ${KAFKA_IMAGE:-apache/kafka:4.3.1}}: the same variable overrides both. */
    private static final String IMAGE = System.getenv().getOrDefault("KAFKA_IMAGE", "apache/kafka:4.3.1");

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(
            DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("apache/kafka")).withEnv(environment());

    @TempDir
    Path dir;

    /** JUnit's condition; says why in the build output too, where failsafe shows only "Skipped: 1". */
    static boolean dockerAvailable() {
        boolean available = DockerClientFactory.instance().isDockerAvailable();
        if (!available) {
            LoggerFactory.getLogger(ScaleOutDockerIT.class).warn("ScaleOutDockerIT skipped: {}", NO_DOCKER);
        }
        return available;
    }

    @Test
    void shouldSpreadUploadsOverEveryInstanceAndLoseNothingWhenOneOfEachKindStopsMidRun() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.getBootstrapServers()))) {
            new ScaleOutScenario(KAFKA.getBootstrapServers(), admin, dir, "ScaleOutDockerIT").run();
        }
    }

    /**
     * The broker settings as the image's environment ({@code a.b_c-d} is {@code KAFKA_A_B__C___D}): compose's and
     * Kubernetes' settings that matter to Ferry, and the short timeouts the in-process Kafka allows too. Testcontainers
     * itself sets single-node KRaft and no initial rebalance delay; the replication settings it also sets are
     * repeated here so that they do not depend on its version.
     */
    private static Map<String, String> environment() {
        Map<String, String> broker = new HashMap<>(SharedKafka.BROKER_PROPERTIES);
        // As compose and Kubernetes: topics only from TopicAdmin (and Kafka Streams' own internal topics).
        broker.put("auto.create.topics.enable", "false");
        // One broker: every write is "in sync" once the leader has it (compose).
        broker.put("min.insync.replicas", "1");
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        broker.put("offsets.topic.replication.factor", "1");
        // Segment records up to TopicAdmin.MAX_MESSAGE_BYTES, as kafka.yaml's replica.fetch.max.bytes (16 MiB) and
        // the in-process Kafka allow, plus room for the batch header.
        String maxBytes = Integer.toString(TopicAdmin.MAX_MESSAGE_BYTES + 1024);
        broker.put("message.max.bytes", maxBytes);
        broker.put("replica.fetch.max.bytes", maxBytes);
        Map<String, String> environment = new HashMap<>();
        broker.forEach((key, value) -> environment.put("KAFKA_" + key.toUpperCase(Locale.ROOT)
                .replace("_", "__").replace("-", "___").replace('.', '_'), value));
        return environment;
    }
}
