package io.ferry.standalone;

import io.ferry.records.TopicAdmin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka (combined broker + controller) running inside the standalone's JVM, with its log
 * under {@code dir}. This is the production broker code ({@code kafka_2.13}), not the test kit: the same
 * {@code StorageTool format} + {@code KafkaRaftServer} path as {@code kafka-server-start.sh}. The quorum is static
 * ({@code controller.quorum.voters}), so the ports may change between runs on the same data.
 */
final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    static EmbeddedKafka start(Path dir, String host, int port, int controllerPort) {
        Path configFile = dir.resolve("server.properties");
        Properties properties = serverProperties(dir, host, port, controllerPort);
        try {
            Files.createDirectories(dir.resolve("logs"));
            try (Writer writer = Files.newBufferedWriter(configFile)) {
                properties.store(writer, "written by Ferry standalone at every start");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Kafka config under " + dir, e);
        }
        formatOnce(dir, configFile);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        server.startup();
        String bootstrap = host + ":" + port;
        LOG.info("Kafka started at {} with data in {}", bootstrap, dir);
        return new EmbeddedKafka(server, bootstrap);
    }

    private static Properties serverProperties(Path dir, String host, int port, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("logs").toAbsolutePath().toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("message.max.bytes", Integer.toString(TopicAdmin.MAX_MESSAGE_BYTES + 1024));
        p.setProperty("replica.fetch.max.bytes", Integer.toString(TopicAdmin.MAX_MESSAGE_BYTES + 1024));
        p.setProperty("log.segment.bytes", Integer.toString(256 * 1024 * 1024));
        return p;
    }

    private static void formatOnce(Path dir, Path configFile) {
        if (Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String[] args = {"format", "--config", configFile.toString(), "--cluster-id", Uuid.randomUuid().toString(),
            "--ignore-formatted"};
        int exit = kafka.tools.StorageTool$.MODULE$.execute(args, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("cannot format Kafka storage in " + dir + ": "
                    + output.toString(StandardCharsets.UTF_8).trim());
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka stopped");
    }
}
