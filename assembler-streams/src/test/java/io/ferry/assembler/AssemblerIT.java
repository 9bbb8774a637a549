package io.ferry.assembler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.protocol.Command;
import io.ferry.records.CommandRecord;
import io.ferry.records.ExportOutcome;
import io.ferry.records.FerrySerdes;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Fin;
import io.ferry.protocol.Init;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.records.ResponseRecord;
import io.ferry.protocol.Segment;
import io.ferry.records.SegmentPointer;
import io.ferry.protocol.Sha256;
import io.ferry.records.Topics;
import io.ferry.records.TransferId;
import io.ferry.testing.KafkaFixture;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembler against a real in-process KRaft cluster with exactly-once: commands produced as the broker's ingress
 * does are answered, and the manifest's pointers address the real ferry.commands records holding the file's bytes.
 */
class AssemblerIT {
    @RegisterExtension
    static final KafkaFixture KAFKA = new KafkaFixture();
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path stateDir;
    private Topics topics;
    private Assembler assembler;
    private KafkaProducer<TransferId, CommandRecord> producer;
    private final AtomicInteger packetIds = new AtomicInteger();

    @BeforeEach
    void start() throws InterruptedException {
        topics = KAFKA.newTopics(2);
        String prefix = topics.commands().substring(0, topics.commands().length() - "commands".length());
        AssemblerOptions options = AssemblerOptions.defaults().withFinGrace(Duration.ofMillis(500));
        assembler = Assembler.start(new AssemblerConfig(KAFKA.bootstrapServers(), KafkaFixture.uniqueId("asm"),
                stateDir, prefix, false, 2, (short) 1, options, Map.of("commit.interval.ms", "100")));
        producer = producer(FerrySerdes.transferIds().serializer(), FerrySerdes.commands().serializer());
        assertThat(assembler.awaitRunning(WAIT)).isTrue();
    }

    @AfterEach
    void stop() {
        if (producer != null) {
            producer.close();
        }
        if (assembler != null) {
            assembler.close();
        }
    }

    @Test
    void shouldAnswerCommandsAndEmitManifestPointingAtRealCommandRecords() throws Exception {
        TransferId id = new TransferId("device-7", "report.bin");
        byte[] data = TestData.bytes(5_000);
        try (KafkaProducer<byte[], byte[]> raw = producer(new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topics.commands(), id.encodeBytes(), new byte[] {42})).get();
        }
        send(id, "$file/report.bin/init", new Init(id.fileId(), FileMeta.named("report.bin")));
        List<RecordMetadata> segments = new ArrayList<>();
        int[][] spans = {{3_000, 5_000}, {0, 1_000}, {1_000, 3_000}, {0, 1_000}};
        for (int[] span : spans) {
            segments.add(send(id, "$file/report.bin/" + span[0], Segment.of(id.fileId(), span[0], null,
                    TestData.slice(data, span[0], span[1]))));
        }
        send(id, "$file/report.bin/fin/5000", new Fin(id.fileId(), 5_000, Sha256.digest(data)));

        List<Response> responses = read(topics.responses(), new StringDeserializer(),
                FerrySerdes.responses().deserializer(), 5).stream().map(ResponseRecord::response).toList();
        assertThat(responses).extracting(Response::reasonDescription).containsOnly("success");
        Manifest manifest = read(topics.ready(), FerrySerdes.transferIds().deserializer(),
                FerrySerdes.manifests().deserializer(), 1).get(0);
        int partition = segments.get(0).partition();
        assertThat(manifest.partition()).isEqualTo(partition);
        assertThat(manifest.expectedChecksum()).isEqualTo(Sha256.digest(data));
        assertThat(manifest.segments()).containsExactly(
                new SegmentPointer(segments.get(1).offset(), 0, 1_000),
                new SegmentPointer(segments.get(2).offset(), 1_000, 2_000),
                new SegmentPointer(segments.get(0).offset(), 3_000, 2_000));
        assertThat(readBack(manifest)).isEqualTo(data);

        try (KafkaProducer<TransferId, ExportOutcome> outcomes = producer(FerrySerdes.transferIds().serializer(),
                FerrySerdes.outcomes().serializer())) {
            outcomes.send(new ProducerRecord<>(topics.exported(), id, new ExportOutcome(id, manifest.generation(),
                    Reason.SUCCESS, Sha256.digest(data), null, System.currentTimeMillis()))).get();
        }
        send(id, "$file/report.bin/fin/5000", new Fin(id.fileId(), 5_000, null));
        List<ResponseRecord> all = read(topics.responses(), new StringDeserializer(),
                FerrySerdes.responses().deserializer(), 6);
        assertThat(all.get(5).response().topic()).isEqualTo("$file/report.bin/fin/5000");
        assertThat(all.get(5).response().reasonDescription()).isEqualTo("success");
        assertThat(assembler.isRunning()).isTrue();
    }

    private RecordMetadata send(TransferId id, String topic, Command command) throws Exception {
        ReplyTo replyTo = new ReplyTo(id.clientId(), topic, packetIds.incrementAndGet(), null, null);
        CommandRecord record = CommandRecord.of(replyTo, System.currentTimeMillis(), command);
        return producer.send(new ProducerRecord<>(topics.commands(), id, record)).get();
    }

    /** The bytes the manifest points at, read back from ferry.commands as the exporter would. */
    private byte[] readBack(Manifest manifest) {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (KafkaConsumer<TransferId, CommandRecord> consumer = consumer(FerrySerdes.transferIds().deserializer(),
                FerrySerdes.commands().deserializer())) {
            TopicPartition partition = new TopicPartition(topics.commands(), manifest.partition());
            consumer.assign(List.of(partition));
            for (SegmentPointer pointer : manifest.segments()) {
                consumer.seek(partition, pointer.kafkaOffset());
                ConsumerRecord<TransferId, CommandRecord> record = null;
                while (record == null) {
                    List<ConsumerRecord<TransferId, CommandRecord>> records = consumer.poll(Duration.ofMillis(500)).records(partition);
                    record = records.isEmpty() ? null : records.get(0);
                }
                assertThat(record.offset()).isEqualTo(pointer.kafkaOffset());
                Segment segment = (Segment) record.value().command();
                assertThat(segment.offset()).isEqualTo(pointer.fileOffset());
                file.write(segment.payloadBytes(), 0, pointer.length());
            }
        }
        return file.toByteArray();
    }

    private <K, V> List<V> read(String topic, Deserializer<K> keys, Deserializer<V> values, int count) {
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = consumer(keys, values)) {
            consumer.subscribe(List.of(topic));
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> out.add(record.value()));
                return out.size() >= count;
            });
        }
        return out;
    }

    private <K, V> KafkaConsumer<K, V> consumer(Deserializer<K> keys, Deserializer<V> values) {
        Map<String, Object> config = new HashMap<>(KAFKA.clientConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaFixture.uniqueId("it"));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, keys, values);
    }

    private <K, V> KafkaProducer<K, V> producer(Serializer<K> keys, Serializer<V> values) {
        Map<String, Object> config = new HashMap<>(KAFKA.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, keys, values);
    }
}
