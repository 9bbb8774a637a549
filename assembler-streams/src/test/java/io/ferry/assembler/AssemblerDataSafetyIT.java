package io.ferry.assembler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.protocol.Command;
import io.ferry.records.CommandRecord;
import io.ferry.records.FerrySerdes;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Fin;
import io.ferry.protocol.Init;
import io.ferry.records.Manifest;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.records.ResponseRecord;
import io.ferry.protocol.Segment;
import io.ferry.records.SegmentPointer;
import io.ferry.protocol.Status;
import io.ferry.records.Topics;
import io.ferry.records.TransferId;
import io.ferry.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 items 7 and 2 against real Kafka (exactly-once, changelogs with the broker's default 1 MiB record
 * limit): one hostile transfer cannot stop the partition for the others, and segments older than the max age are
 * reported missing instead of being pointed at after retention deleted them.
 */
class AssemblerDataSafetyIT {
    @RegisterExtension
    /** Kafka's default broker record limit (the fixture's other tests raise it to 16 MiB). */
    static final KafkaFixture KAFKA = new KafkaFixture(1, Map.of("message.max.bytes", "1048588"));
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path stateDir;
    private Topics topics;
    private Assembler assembler;
    private KafkaProducer<TransferId, CommandRecord> producer;
    private final AtomicInteger packetIds = new AtomicInteger();
    private final List<ResponseRecord> responses = new CopyOnWriteArrayList<>();

    private void start(AssemblerOptions options) throws InterruptedException {
        start(options, 1);
    }

    private void start(AssemblerOptions options, int partitions) throws InterruptedException {
        topics = KAFKA.newTopics(partitions);
        String prefix = topics.commands().substring(0, topics.commands().length() - "commands".length());
        assembler = Assembler.start(new AssemblerConfig(KAFKA.bootstrapServers(), KafkaFixture.uniqueId("asm"),
                stateDir, prefix, false, partitions, (short) 1, options, Map.of("commit.interval.ms", "100")));
        Map<String, Object> config = new HashMap<>(KAFKA.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
        producer = new KafkaProducer<>(config, FerrySerdes.transferIds().serializer(),
                FerrySerdes.commands().serializer());
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
    void shouldKeepAnsweringOtherDevicesWhileAHostileTransferPilesUpFins() throws Exception {
        // Fins wait a minute for coverage that never comes; today each is kept with its 60 KiB of reply data.
        start(AssemblerOptions.defaults().withFinGrace(Duration.ofMinutes(1)));
        TransferId hostile = new TransferId("hostile", "f");
        send(hostile, "$file/f/init", null, new Init("f", FileMeta.named("f.bin")));
        for (int i = 0; i < 40; i++) {
            send(hostile, "$file/f/fin/1000", new byte[60 * 1024], new Fin("f", 1000, null));
        }
        TransferId good = new TransferId("good", "g");
        byte[] data = TestData.bytes(1000);
        send(good, "$file/g/init", null, new Init("g", FileMeta.named("g.bin")));
        send(good, "$file/g/0", null, Segment.of("g", 0, null, data));
        send(good, "$file/g/fin/1000", null, new Fin("g", 1000, null));

        // init and segment are answered by the assembler, the fin by the exporter after the manifest.
        List<Response> answers = awaitResponses("good", 2);
        assertThat(answers).extracting(Response::reasonDescription).containsOnly("success");
        assertThat(readManifest().transferId()).isEqualTo(good);
        assertThat(awaitResponses("hostile", 1 + 40 - TransferLimits.DEFAULT_MAX_WAITERS))
                .extracting(Response::reasonDescription).contains("quota_exceeded");
        assertThat(assembler.isRunning()).isTrue();
    }

    @Test
    void shouldReportSegmentsPastTheMaxAgeMissingAndPointOnlyAtRecordsKafkaStillHas() throws Exception {
        Duration maxAge = Duration.ofSeconds(3);
        start(AssemblerOptions.defaults().withFinGrace(Duration.ZERO).withLimits(new TransferLimits(
                TransferLimits.DEFAULT_MAX_WAITERS, TransferLimits.DEFAULT_MAX_REPLY_BYTES,
                TransferLimits.DEFAULT_MAX_RANGES, TransferLimits.DEFAULT_MAX_SEGMENTS, maxAge)));
        TransferId id = new TransferId("slow", "s");
        byte[] data = TestData.bytes(2000);
        send(id, "$file/s/init", null, new Init("s", FileMeta.named("s.bin")));
        RecordMetadata old = send(id, "$file/s/0", null, Segment.of("s", 0, null, TestData.slice(data, 0, 1000)));
        awaitResponses("slow", 2);
        Thread.sleep(maxAge.toMillis() + 500);
        // Retention as Kafka applies it: the records older than the max age are gone.
        try (Admin admin = Admin.create(KAFKA.clientConfig())) {
            admin.deleteRecords(Map.of(new TopicPartition(topics.commands(), old.partition()),
                    RecordsToDelete.beforeOffset(old.offset() + 1))).all().get();
        }
        send(id, "$file/s/status", null, new Status("s"));
        Response status = awaitResponses("slow", 3).get(2);
        assertThat(status.transfer().received()).isEmpty();
        assertThat(status.transfer().bytes()).isZero();

        RecordMetadata resent = send(id, "$file/s/0", null, Segment.of("s", 0, null, TestData.slice(data, 0, 1000)));
        RecordMetadata second = send(id, "$file/s/1000", null,
                Segment.of("s", 1000, null, TestData.slice(data, 1000, 2000)));
        send(id, "$file/s/fin/2000", null, new Fin("s", 2000, null));
        assertThat(awaitResponses("slow", 5).subList(3, 5)).extracting(Response::reasonDescription)
                .containsOnly("success");
        Manifest manifest = readManifest();
        assertThat(manifest.segments()).extracting(SegmentPointer::kafkaOffset)
                .containsExactly(resent.offset(), second.offset());
    }

    @Test
    void shouldHoldTheTransferQuotaAcrossPartitions() throws Exception {
        // Item 10. Today each partition task counts on its own: with 4 partitions a client holds 4 x the limit.
        int partitions = 4;
        start(AssemblerOptions.defaults().withQuotas(new Quotas(2, Quotas.DEFAULT_MAX_FILE_SIZE,
                Quotas.DEFAULT_MAX_BYTES_IN_FLIGHT)), partitions);
        List<String> held = List.of(fileIdOn(0, partitions, "held-a"), fileIdOn(1, partitions, "held-b"));
        for (String fileId : held) {
            assertThat(init("quota", fileId)).isEqualTo("success");
        }
        // The other tasks learn the two transfers through ferry.usage; until then a probe may still be admitted, so
        // it is aborted again (freeing its slot) and the next probe tried, until one is refused.
        AtomicInteger probes = new AtomicInteger();
        await().atMost(WAIT).until(() -> {
            String fileId = fileIdOn(2 + probes.get() % 2, partitions, "probe-" + probes.incrementAndGet());
            String reason = init("quota", fileId);
            if (reason.equals("success")) {
                send(new TransferId("quota", fileId), "$file/" + fileId + "/abort", null,
                        new io.ferry.protocol.Abort(fileId));
            }
            return reason.equals("quota_exceeded");
        });
        for (int p = 0; p < partitions; p++) {
            assertThat(init("quota", fileIdOn(p, partitions, "more-" + p))).isEqualTo("quota_exceeded");
        }
        // Ending one transfer frees its slot for any partition.
        send(new TransferId("quota", held.get(0)), "$file/" + held.get(0) + "/abort", null,
                new io.ferry.protocol.Abort(held.get(0)));
        await().atMost(WAIT).until(() -> init("quota", fileIdOn(3, partitions, "later-" + probes.incrementAndGet()))
                .equals("success"));
    }

    @Test
    void shouldLimitZeroByteFilesPerClientAndWindow() throws Exception {
        // Item 9. Today init + fin/0 completes at once and frees its slot: the catalog grows without limit.
        start(AssemblerOptions.defaults().withQuotas(new Quotas(Quotas.DEFAULT_MAX_TRANSFERS,
                Quotas.DEFAULT_MAX_FILE_SIZE, Quotas.DEFAULT_MAX_BYTES_IN_FLIGHT, 2, Duration.ofHours(1))));
        for (int i = 0; i < 3; i++) {
            String fileId = "empty-" + i;
            TransferId id = new TransferId("spammer", fileId);
            send(id, "$file/" + fileId + "/init", null, new Init(fileId, FileMeta.named(fileId + ".bin")));
            send(id, "$file/" + fileId + "/fin/0", null, new Fin(fileId, 0, null));
        }
        // init x 3 answered by the assembler, the third fin refused; the first two fins wait for the exporter.
        List<Response> answers = awaitResponses("spammer", 4);
        assertThat(answers).extracting(Response::topic).contains("$file/empty-2/fin/0");
        assertThat(answers).filteredOn(r -> r.topic().equals("$file/empty-2/fin/0"))
                .extracting(Response::reasonDescription).containsExactly("quota_exceeded");
        assertThat(readManifest().transferId().fileId()).isEqualTo("empty-0");
    }

    @Test
    void shouldRefuseToStartWhenTheSegmentMaxAgeIsNotBelowTheCommandsRetention() throws Exception {
        Topics brief = KAFKA.newTopics(1);
        ConfigResource commands = new ConfigResource(ConfigResource.Type.TOPIC, brief.commands());
        String oneDay = Long.toString(Duration.ofDays(1).toMillis());
        try (Admin admin = Admin.create(KAFKA.clientConfig())) {
            admin.incrementalAlterConfigs(Map.of(commands, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, oneDay), AlterConfigOp.OpType.SET)))).all().get();
            // the change is applied asynchronously: start only once the broker describes it
            await().atMost(WAIT).until(() -> oneDay.equals(admin.describeConfigs(List.of(commands)).all().get()
                    .get(commands).get(TopicConfig.RETENTION_MS_CONFIG).value()));
        }
        String prefix = brief.commands().substring(0, brief.commands().length() - "commands".length());
        AssemblerConfig config = new AssemblerConfig(KAFKA.bootstrapServers(), KafkaFixture.uniqueId("asm"),
                stateDir, prefix, false, 1, (short) 1, AssemblerOptions.defaults(), Map.of());
        Throwable refused = null;
        try {
            assembler = Assembler.start(config); // closed by stop() should it start after all
        } catch (IllegalStateException e) {
            refused = e;
        }
        assertThat(refused).as("start with segments.max.age 6d over a 1d retention").isNotNull()
                .hasMessageContaining("segments.max.age");
    }

    /** Sends an init and returns its answer. */
    private String init(String clientId, String fileId) throws Exception {
        String topic = "$file/" + fileId + "/init";
        RecordMetadata sent = send(new TransferId(clientId, fileId), topic, null,
                new Init(fileId, FileMeta.named(fileId + ".bin")));
        int packetId = packetIds.get();
        try (KafkaConsumer<String, ResponseRecord> consumer = consumer()) {
            consumer.subscribe(List.of(topics.responses()));
            List<ResponseRecord> found = new CopyOnWriteArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value().replyTo().topic().equals(topic)
                            && record.value().replyTo().packetId() == packetId) {
                        found.add(record.value());
                    }
                });
                return !found.isEmpty();
            });
            assertThat(sent.partition()).isGreaterThanOrEqualTo(0);
            return found.get(0).response().reasonDescription();
        }
    }

    /** A fileId starting with {@code base} whose transfer id the default partitioner puts on {@code partition}. */
    private static String fileIdOn(int partition, int partitions, String base) {
        for (int i = 0; ; i++) {
            String fileId = base + "-" + i;
            byte[] key = new TransferId("quota", fileId).encodeBytes();
            if (org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key))
                    % partitions == partition) {
                return fileId;
            }
        }
    }

    private RecordMetadata send(TransferId id, String topic, byte[] correlation, Command command) throws Exception {
        ReplyTo replyTo = new ReplyTo(id.clientId(), topic, packetIds.incrementAndGet(), null, correlation);
        return producer.send(new ProducerRecord<>(topics.commands(), id,
                CommandRecord.of(replyTo, System.currentTimeMillis(), command))).get();
    }

    /** Waits until {@code clientId} has at least {@code count} responses; returns them in order. */
    private List<Response> awaitResponses(String clientId, int count) {
        try (KafkaConsumer<String, ResponseRecord> consumer = consumer()) {
            consumer.subscribe(List.of(topics.responses()));
            responses.clear();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> responses.add(record.value()));
                return responses.stream().filter(r -> r.replyTo().clientId().equals(clientId)).count() >= count;
            });
        }
        return responses.stream().filter(r -> r.replyTo().clientId().equals(clientId))
                .map(ResponseRecord::response).toList();
    }

    private Manifest readManifest() {
        Map<String, Object> config = consumerConfig();
        try (KafkaConsumer<TransferId, Manifest> consumer = new KafkaConsumer<>(config,
                FerrySerdes.transferIds().deserializer(), FerrySerdes.manifests().deserializer())) {
            consumer.subscribe(List.of(topics.ready()));
            List<Manifest> manifests = new CopyOnWriteArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> manifests.add(record.value()));
                return !manifests.isEmpty();
            });
            return manifests.get(0);
        }
    }

    private KafkaConsumer<String, ResponseRecord> consumer() {
        return new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), FerrySerdes.responses().deserializer());
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(KAFKA.clientConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaFixture.uniqueId("it"));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
        return config;
    }
}
