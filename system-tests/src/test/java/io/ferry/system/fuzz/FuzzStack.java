package io.ferry.system.fuzz;

import io.ferry.assembler.Assembler;
import io.ferry.assembler.AssemblerConfig;
import io.ferry.broker.BrokerConfig;
import io.ferry.broker.FerryBroker;
import io.ferry.exporter.Exporter;
import io.ferry.exporter.ExporterConfig;
import io.ferry.protocol.FileNames;
import io.ferry.records.Topics;
import io.ferry.config.Settings;
import io.ferry.testing.KafkaFixture;
import io.ferry.testing.TestDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The real ingest path without the API: in-process KRaft Kafka, one broker node (HiveMQ with Ferry's ingress), the
 * assembler (exactly-once Streams) and the exporter writing a local directory. Limits are small so the fuzzer reaches
 * them.
 */
final class FuzzStack implements AutoCloseable {
    static final int MAX_SEGMENT_BYTES = 2 * 1024 * 1024;
    static final int SUB_SEGMENT_BYTES = 512 * 1024;
    static final Duration FIN_GRACE = Duration.ofMillis(500);

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final Path dir;
    private final Path sinkRoot;
    private final KafkaFixture kafka = new KafkaFixture();
    private FerryBroker broker;
    private Assembler assembler;
    private Exporter exporter;

    private FuzzStack(Path dir) {
        this.dir = dir;
        this.sinkRoot = dir.resolve("files");
    }

    static FuzzStack start() throws Exception {
        FuzzStack stack = new FuzzStack(Files.createTempDirectory("ferry-fuzz"));
        try {
            stack.startAll();
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startAll() throws Exception {
        kafka.start();
        running.push(kafka);
        Topics topics = kafka.newTopics(3);
        String prefix = topics.commands().substring(0, topics.commands().length() - "commands".length());
        Map<String, String> values = new HashMap<>();
        values.put("ferry.kafka.bootstrap.servers", kafka.bootstrapServers());
        values.put("ferry.topics.prefix", prefix);
        values.put("ferry.topics.create", "false");
        values.put("ferry.topics.partitions", "3");
        values.put("ferry.mqtt.bind.address", "127.0.0.1");
        values.put("ferry.mqtt.port", "0");
        values.put("ferry.broker.data.dir", dir.resolve("broker").toString());
        values.put("ferry.broker.persistence", "in-memory");
        values.put("ferry.broker.node.id", "fuzz-broker");
        values.put("ferry.ingress.max.segment.bytes", Integer.toString(MAX_SEGMENT_BYTES));
        values.put("ferry.ingress.sub.segment.bytes", Integer.toString(SUB_SEGMENT_BYTES));
        values.put("ferry.assembler.application.id", KafkaFixture.uniqueId("fuzz-assembler"));
        values.put("ferry.assembler.state.dir", dir.resolve("assembler").toString());
        values.put("ferry.assembler.fin.grace", FIN_GRACE.toMillis() + "ms");
        values.put("ferry.kafka.streams.commit.interval.ms", "50");
        values.put("ferry.exporter.group.id", KafkaFixture.uniqueId("fuzz-exporter"));
        values.put("ferry.exporter.local.root", sinkRoot.toString());
        values.put("ferry.exporter.retry.initial", "100ms");
        values.put("ferry.exporter.retry.max", "500ms");
        Settings settings = new Settings(values);

        assembler = Assembler.start(AssemblerConfig.fromSettings(settings));
        running.push(assembler);
        if (!assembler.awaitRunning(Duration.ofSeconds(90))) {
            throw new IllegalStateException("assembler did not reach RUNNING: " + assembler.state());
        }
        exporter = Exporter.start(ExporterConfig.fromSettings(settings));
        running.push(exporter);
        broker = FerryBroker.start(BrokerConfig.fromSettings(new Settings(values)));
        running.push(broker);
    }

    String mqttUri() {
        return "tcp://127.0.0.1:" + broker.port();
    }

    /** Where the exporter puts {@code clientId}'s {@code fileId} named {@code name}. */
    Path exported(String clientId, String fileId, String name) {
        return sinkRoot.resolve(FileNames.escape(clientId)).resolve(FileNames.escape(fileId)).resolve(name);
    }

    /** Null while every service runs, else which one stopped. */
    String whatStopped() {
        if (!broker.isHealthy()) {
            return "broker";
        }
        if (assembler.state() != KafkaStreams.State.RUNNING && assembler.state() != KafkaStreams.State.REBALANCING) {
            return "assembler (" + assembler.state() + ")";
        }
        if (!exporter.isRunning()) {
            return "exporter";
        }
        return null;
    }

    KafkaStreams.State assemblerState() {
        return assembler.state();
    }

    boolean exporterRunning() {
        return exporter.isRunning();
    }

    @Override
    public void close() throws Exception {
        while (!running.isEmpty()) {
            running.pop().close();
        }
        TestDirectories.deleteRecursively(dir);
    }
}
