package io.ferry.exporter;

import static io.ferry.exporter.CommandLog.reply;
import static io.ferry.exporter.ExporterFixture.exported;
import static io.ferry.exporter.ExporterFixture.random;
import static io.ferry.exporter.ExporterFixture.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ferry.exporter.CommandLog.Upload;
import io.ferry.exporter.sink.ExportFile;
import io.ferry.exporter.sink.SinkWrite;
import io.ferry.exporter.sink.local.LocalSink;
import io.ferry.records.CatalogEntry;
import io.ferry.records.ExportOutcome;
import io.ferry.records.FerrySerdes;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Json;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.records.ResponseRecord;
import io.ferry.records.SegmentPointer;
import io.ferry.protocol.Sha256;
import io.ferry.records.Topics;
import io.ferry.records.TransferEvent;
import io.ferry.records.TransferId;
import io.ferry.testing.KafkaFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ExporterIT {
    @RegisterExtension
    static final KafkaFixture KAFKA = new KafkaFixture();

    @RegisterExtension
    final ExporterFixture exporters = new ExporterFixture(KAFKA);
    @TempDir
    Path root;

    @Test
    void shouldNeverExportManifestWrittenInAbortedTransaction() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        TransferId abortedId = new TransferId("dev-tx", "aborted");
        TransferId committedId = new TransferId("dev-tx", "committed");
        Manifest aborted = log.upload(abortedId, FileMeta.named("a.bin"), random(2_000, 11), Upload.plain(1000));
        byte[] content = random(3_000, 12);
        Manifest committed = log.upload(committedId, FileMeta.named("c.bin"), content, Upload.plain(1000));
        Exporter exporter = exporters.start(new TestConfig(KAFKA.bootstrapServers(), topics, root));

        log.manifestsInTransactions(KAFKA.bootstrapServers(), aborted, committed);

        // The aborted manifest is earlier in the same partition: had the exporter read it, it would be out first.
        ResponseRecord response = value(TopicRecords.await(KAFKA.bootstrapServers(), topics.responses(), 1).get(0),
                FerrySerdes.responses());
        assertThat(response.replyTo().topic()).isEqualTo("$file/committed/fin/3000");
        assertThat(Files.readAllBytes(exported(root, "dev-tx", "committed", "c.bin"))).isEqualTo(content);
        assertThat(root.resolve("dev-tx").resolve("aborted")).doesNotExist();
        assertThat(exporter.stats().manifests()).isEqualTo(1);
        assertThat(TopicRecords.now(KAFKA.bootstrapServers(), topics.files())).hasSize(1);
    }

    @Test
    void shouldExportFileByteExactAndPublishCatalogResponsesEventAndOutcomeInOneTransaction() throws Exception {
        Topics topics = KAFKA.newTopics(3);
        CommandLog log = exporters.log(topics);
        TransferId id = new TransferId("dev-1", "file-1");
        byte[] content = random(10_123, 1);
        FileMeta meta = new FileMeta("report.bin", (long) content.length, null, null, null,
                JsonNodeFactory.instance.objectNode().put("site", "Zürich"));
        Manifest uploaded = log.upload(id, meta, content,
                new Upload(1000, true, new TransferId("dev-2", "other"), 7, true));
        ReplyTo asyncFin = new ReplyTo("dev-1", "$file-async/file-1/fin/10123", 9, "my/replies", new byte[] {1, 2});
        Manifest manifest = CommandLog.withWaiters(uploaded, List.of(reply(id, "fin/10123"), asyncFin));
        TestConfig config = new TestConfig(KAFKA.bootstrapServers(), topics, root);
        Exporter exporter = exporters.start(config);

        log.manifest(manifest);

        List<ConsumerRecord<byte[], byte[]>> responses = TopicRecords.await(KAFKA.bootstrapServers(),
                topics.responses(), 2);
        assertThat(responses).map(r -> value(r, FerrySerdes.responses())).extracting(ResponseRecord::replyTo)
                .containsExactlyInAnyOrder(reply(id, "fin/10123"), asyncFin);
        assertThat(responses).map(r -> value(r, FerrySerdes.responses()).response().reasonDescription())
                .containsOnly("success");
        assertThat(responses).allSatisfy(r -> assertThat(new String(r.key())).isEqualTo("dev-1"));

        Path file = exported(root, "dev-1", "file-1", "report.bin");
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        JsonNode localManifest = Json.MAPPER.readTree(file.resolveSibling("report.bin.MANIFEST.json").toFile());
        assertThat(localManifest.get("sha256").asText()).isEqualTo(Sha256.digest(content).hex());
        assertThat(localManifest.get("meta").get("user_data").get("site").asText()).isEqualTo("Zürich");

        ConsumerRecord<byte[], byte[]> catalogRecord = TopicRecords.await(KAFKA.bootstrapServers(), topics.files(),
                1).get(0);
        CatalogEntry entry = value(catalogRecord, FerrySerdes.catalog());
        assertThat(catalogRecord.key()).isEqualTo(id.encodeBytes());
        assertThat(entry.sha256()).isEqualTo(Sha256.digest(content));
        assertThat(entry.size()).isEqualTo(content.length);
        assertThat(entry.locations()).hasSize(1);
        assertThat(Path.of(URI.create(entry.locations().get(0).uri()))).isEqualTo(file);

        ConsumerRecord<byte[], byte[]> outcomeRecord = TopicRecords.await(KAFKA.bootstrapServers(),
                topics.exported(), 1).get(0);
        ExportOutcome outcome = value(outcomeRecord, FerrySerdes.outcomes());
        assertThat(outcome.reason()).isEqualTo(Reason.SUCCESS);
        assertThat(outcome.sha256()).isEqualTo(Sha256.digest(content));
        assertThat(outcome.generation()).isEqualTo(1);
        assertThat(outcomeRecord.partition()).isEqualTo(manifest.partition());
        TransferEvent event = value(TopicRecords.await(KAFKA.bootstrapServers(), topics.events(), 1).get(0),
                FerrySerdes.events());
        assertThat(event.type()).isEqualTo(TransferEvent.Type.COMPLETED);

        await().atMost(Duration.ofSeconds(30)).until(() -> committedReadyOffsets(config.groupId).values().stream()
                .mapToLong(OffsetAndMetadata::offset).sum() == 1);
        assertThat(exporter.stats().exported()).isEqualTo(1);
        assertThat(exporter.stats().readAmplification()).isGreaterThan(0);
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void shouldAnswerChecksumMismatchAndShowNoFileWhenWholeFileDigestDiffers() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        TransferId id = new TransferId("dev-1", "bad");
        byte[] content = random(5000, 2);
        Manifest manifest = CommandLog.withChecksum(log.upload(id, FileMeta.named("bad.bin"), content,
                Upload.plain(1024)), Sha256.digest(new byte[] {1}));
        Exporter exporter = exporters.start(new TestConfig(KAFKA.bootstrapServers(), topics, root));

        log.manifest(manifest);

        ResponseRecord response = value(TopicRecords.await(KAFKA.bootstrapServers(), topics.responses(), 1)
                .get(0), FerrySerdes.responses());
        assertThat(response.response().reasonDescription()).isEqualTo("checksum_mismatch");
        assertThat(response.response().reasonCode()).isEqualTo(0x80);
        ExportOutcome outcome = value(TopicRecords.await(KAFKA.bootstrapServers(), topics.exported(), 1).get(0),
                FerrySerdes.outcomes());
        assertThat(outcome.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH);
        TransferEvent event = value(TopicRecords.await(KAFKA.bootstrapServers(), topics.events(), 1).get(0),
                FerrySerdes.events());
        assertThat(event.type()).isEqualTo(TransferEvent.Type.FAILED);
        assertThat(event.reason()).isEqualTo("checksum_mismatch");
        assertThat(Files.exists(exported(root, "dev-1", "bad", "bad.bin"))).isFalse();
        assertThat(Files.exists(exported(root, "dev-1", "bad", "bad.bin").getParent())).isFalse();
        assertThat(tempFiles()).isEmpty();
        assertThat(TopicRecords.now(KAFKA.bootstrapServers(), topics.files())).isEmpty();
        assertThat(exporter.stats().checksumMismatches()).isEqualTo(1);
    }

    @Test
    void shouldKeepOneFileAndOneCatalogKeyWhenManifestIsDeliveredTwice() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        TransferId id = new TransferId("dev-1", "twice");
        byte[] content = random(3000, 3);
        Manifest manifest = log.upload(id, FileMeta.named("t.bin"), content, Upload.plain(700));
        Exporter exporter = exporters.start(new TestConfig(KAFKA.bootstrapServers(), topics, root));

        log.manifest(manifest);
        log.manifest(manifest);

        List<ConsumerRecord<byte[], byte[]>> outcomes = TopicRecords.await(KAFKA.bootstrapServers(),
                topics.exported(), 2);
        assertThat(outcomes).map(r -> value(r, FerrySerdes.outcomes()).reason()).containsOnly(Reason.SUCCESS);
        List<ConsumerRecord<byte[], byte[]>> catalog = TopicRecords.now(KAFKA.bootstrapServers(), topics.files());
        assertThat(catalog).map(r -> new String(r.key())).containsOnly(id.encode());
        assertThat(catalog).map(r -> value(r, FerrySerdes.catalog()).locations()).containsOnly(
                value(catalog.get(0), FerrySerdes.catalog()).locations());
        try (Stream<Path> files = Files.list(exported(root, "dev-1", "twice", "t.bin").getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("t.bin",
                    "t.bin.MANIFEST.json");
        }
        assertThat(Files.readAllBytes(exported(root, "dev-1", "twice", "t.bin"))).isEqualTo(content);
        assertThat(exporter.stats().alreadyPresent()).isEqualTo(1);
    }

    @Test
    void shouldCountIdenticalExistingFileAsDoneWhenPreviousExporterDiedBeforeCommitting() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        TransferId id = new TransferId("dev-1", "crashed");
        byte[] content = random(4096, 4);
        // No expected digest: the exporter must read and hash before it can recognise the file.
        Manifest manifest = CommandLog.withChecksum(log.upload(id, FileMeta.named("c.bin"), content,
                Upload.plain(1000)), null);
        Clock earlier = Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC);
        LocalSink previous = new LocalSink("local", root, earlier);
        try (SinkWrite write = previous.begin(ExportFile.of(manifest))) {
            write.write(ByteBuffer.wrap(content));
            write.commit(Sha256.digest(content));
        }
        Exporter exporter = exporters.start(new TestConfig(KAFKA.bootstrapServers(), topics, root));

        log.manifest(manifest);

        ExportOutcome outcome = value(TopicRecords.await(KAFKA.bootstrapServers(), topics.exported(), 1).get(0),
                FerrySerdes.outcomes());
        assertThat(outcome.reason()).isEqualTo(Reason.SUCCESS);
        assertThat(outcome.sha256()).isEqualTo(Sha256.digest(content));
        JsonNode localManifest = Json.MAPPER.readTree(exported(root, "dev-1", "crashed", "c.bin.MANIFEST.json")
                .toFile());
        assertThat(localManifest.get("exportedAt").asLong()).isEqualTo(earlier.millis());
        assertThat(TopicRecords.await(KAFKA.bootstrapServers(), topics.files(), 1)).hasSize(1);
        assertThat(exporter.stats().exported()).isEqualTo(1);
    }

    @Test
    void shouldKeepHostileIdsInsideRootAndApart() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        List<String> clientIds = List.of("../..", "/etc/passwd", "..", "%2e%2e", ".tmp%", "\u2215root");
        List<String> fileIds = List.of("..", "../../x", "%2E%2E");
        Map<TransferId, byte[]> contents = new java.util.HashMap<>();
        int seed = 10;
        for (String clientId : clientIds) {
            for (String fileId : fileIds) {
                TransferId id = new TransferId(clientId, fileId);
                byte[] content = random(64, seed++);
                contents.put(id, content);
                log.manifest(log.upload(id, FileMeta.named("f"), content, Upload.plain(32)));
            }
        }
        exporters.start(new TestConfig(KAFKA.bootstrapServers(), topics, root));

        List<ConsumerRecord<byte[], byte[]>> catalog = TopicRecords.await(KAFKA.bootstrapServers(), topics.files(),
                contents.size());
        Path realRoot = root.toRealPath();
        Set<Path> paths = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : catalog) {
            CatalogEntry entry = value(record, FerrySerdes.catalog());
            Path path = Path.of(URI.create(entry.locations().get(0).uri()));
            assertThat(path.normalize()).startsWith(realRoot);
            assertThat(path.getNameCount()).isEqualTo(realRoot.getNameCount() + 3);
            assertThat(Files.readAllBytes(path)).isEqualTo(contents.get(entry.transferId()));
            paths.add(path);
        }
        assertThat(paths).hasSize(contents.size());
    }

    @Test
    void shouldAnswerExportFailedWhenPointerDoesNotDesignateTheTransfersSegment() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        TransferId id = new TransferId("dev-1", "lost");
        Manifest good = log.upload(id, FileMeta.named("l.bin"), random(100, 7), Upload.plain(100));
        long foreign = log.segment(new TransferId("dev-9", "other"), 0, new byte[100], good.partition()).offset();
        Manifest broken = new Manifest(id, 1, good.meta(), 100, null, good.partition(),
                List.of(new SegmentPointer(foreign, 0, 100)), good.waiters(), 1);
        Exporter exporter = exporters.start(new TestConfig(KAFKA.bootstrapServers(), topics, root));

        log.manifest(broken);

        ResponseRecord response = value(TopicRecords.await(KAFKA.bootstrapServers(), topics.responses(), 1)
                .get(0), FerrySerdes.responses());
        assertThat(response.response().reasonDescription()).isEqualTo("export_failed");
        assertThat(Files.exists(exported(root, "dev-1", "lost", "l.bin"))).isFalse();
        assertThat(exporter.stats().failed()).isEqualTo(1);
        assertThat(exporter.stats().retries()).isZero();
    }

    @Test
    void shouldAnswerExportFailedAndLeaveNothingWhenDirectoryIsUnwritable() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        TransferId id = new TransferId("blocked", "f");
        Manifest manifest = log.upload(id, FileMeta.named("b.bin"), random(2000, 8), Upload.plain(500));
        // Running as root ignores permission bits, so block the client's directory with a regular file.
        Files.createDirectories(root);
        Files.writeString(root.resolve("blocked"), "in the way");
        Exporter exporter = exporters.start(new TestConfig(KAFKA.bootstrapServers(), topics, root));

        log.manifest(manifest);

        ResponseRecord response = value(TopicRecords.await(KAFKA.bootstrapServers(), topics.responses(), 1)
                .get(0), FerrySerdes.responses());
        assertThat(response.response().reasonDescription()).isEqualTo("export_failed");
        assertThat(Files.readString(root.resolve("blocked"))).isEqualTo("in the way");
        assertThat(tempFiles()).isEmpty();
        assertThat(exporter.stats().retries()).isZero();
    }

    private Map<TopicPartition, OffsetAndMetadata> committedReadyOffsets(String groupId) throws Exception {
        return KAFKA.admin().listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(LocalSink.TEMP_DIR))) {
            return files.toList();
        }
    }
}
