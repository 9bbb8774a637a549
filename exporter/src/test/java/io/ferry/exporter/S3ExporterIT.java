package io.ferry.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ferry.exporter.CommandLog.Upload;
import io.ferry.exporter.sink.s3.S3Sink;
import io.ferry.exporter.sink.s3.S3SinkConfig;
import io.ferry.records.CatalogEntry;
import io.ferry.records.FerrySerdes;
import io.ferry.storage.S3Uris;
import io.ferry.protocol.FileMeta;
import io.ferry.records.Manifest;
import io.ferry.records.ResponseRecord;
import io.ferry.protocol.Sha256;
import io.ferry.records.Topics;
import io.ferry.records.TransferId;
import io.ferry.testing.KafkaFixture;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class S3ExporterIT {
    private static final long MIB = 1024 * 1024;
    private static final String BUCKET = "ferry-exports";

    @RegisterExtension
    static final KafkaFixture KAFKA = new KafkaFixture();
    @RegisterExtension
    static final S3Bucket S3 = new S3Bucket(BUCKET);

    @TempDir
    Path root;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeResources() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        S3.server().start();
    }

    private <T extends AutoCloseable> T use(T resource) {
        resources.add(resource);
        return resource;
    }

    private TestConfig config(Topics topics) {
        TestConfig config = new TestConfig(KAFKA.bootstrapServers(), topics, root);
        config.sinks = List.of(ExporterConfig.S3);
        config.s3 = new S3SinkConfig(S3.server().endpoint(), BUCKET, "us-east-1", "exports/", S3Server.ACCESS_KEY,
                S3Server.SECRET_KEY, true, 6 * MIB, S3SinkConfig.S3_MIN_PART_SIZE, 2, false, Duration.ofSeconds(30));
        return config;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String key(TransferId id, String name) {
        return "exports/" + io.ferry.protocol.FileNames.escape(id.clientId()) + "/"
                + io.ferry.protocol.FileNames.escape(id.fileId()) + "/" + name;
    }

    private static byte[] object(String key) {
        ResponseBytes<GetObjectResponse> bytes = S3.client().getObjectAsBytes(r -> r.bucket(BUCKET).key(key));
        return bytes.asByteArray();
    }

    @Test
    void shouldPutSmallFileInOneRequestWithMetadata() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = use(new CommandLog(KAFKA.bootstrapServers(), topics));
        TransferId id = new TransferId("dev/ü", "f:1");
        byte[] content = random(300_000, 1);
        FileMeta meta = new FileMeta("photo.jpg", null, null, null, null,
                JsonNodeFactory.instance.objectNode().put("city", "Zürich"));
        Manifest manifest = log.upload(id, meta, content, Upload.plain(64 * 1024));
        use(Exporter.start(config(topics).build()));

        log.manifest(manifest);

        ConsumerRecord<byte[], byte[]> record = TopicRecords.await(KAFKA.bootstrapServers(), topics.files(), 1)
                .get(0);
        CatalogEntry entry = FerrySerdes.catalog().deserializer().deserialize("", record.value());
        String key = key(id, "photo.jpg");
        assertThat(entry.locations()).singleElement().satisfies(location -> {
            assertThat(location.sink()).isEqualTo("s3");
            assertThat(S3Uris.bucket(location.uri())).isEqualTo(BUCKET);
            assertThat(S3Uris.key(location.uri())).isEqualTo(key);
        });
        assertThat(object(key)).isEqualTo(content);
        HeadObjectResponse head = S3.client().headObject(r -> r.bucket(BUCKET).key(key));
        assertThat(head.contentType()).isEqualTo("image/jpeg");
        assertThat(head.metadata()).containsEntry("clientid", "dev/%C3%BC").containsEntry("fileid", "f:1")
                .containsEntry("sha256", Sha256.digest(content).hex())
                .containsEntry("user_data", "{\"city\":\"Z\\u00FCrich\"}");
    }

    @Test
    void shouldUploadLargeFileInPartsWithBoundedBuffersAndRecordItsDigest() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = use(new CommandLog(KAFKA.bootstrapServers(), topics));
        TransferId id = new TransferId("dev-2", "big");
        byte[] content = random((int) (13 * MIB) + 77, 2);
        // No expected digest: it is known only at the end and added to the object's metadata then.
        Manifest manifest = CommandLog.withChecksum(log.upload(id, FileMeta.named("big.bin"), content,
                Upload.plain((int) MIB)), null);
        Exporter exporter = use(Exporter.start(config(topics).build()));

        log.manifest(manifest);

        ResponseRecord response = FerrySerdes.responses().deserializer().deserialize("",
                TopicRecords.await(KAFKA.bootstrapServers(), topics.responses(), 1).get(0).value());
        assertThat(response.response().reasonDescription()).isEqualTo("success");
        String key = key(id, "big.bin");
        assertThat(Sha256.digest(object(key))).isEqualTo(Sha256.digest(content));
        assertThat(S3.client().headObject(r -> r.bucket(BUCKET).key(key)).metadata())
                .containsEntry("sha256", Sha256.digest(content).hex()).containsEntry("clientid", "dev-2");
        assertThat(S3.client().listMultipartUploads(r -> r.bucket(BUCKET)).uploads()).isEmpty();
        S3Sink sink = (S3Sink) exporter.sinks().get(0);
        assertThat(sink.peakBufferedBytes()).isGreaterThan(0).isLessThanOrEqualTo(2 * 5 * MIB);
    }

    @Test
    void shouldExportAfterS3ComesBackWithoutLosingTheManifest() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = use(new CommandLog(KAFKA.bootstrapServers(), topics));
        TransferId id = new TransferId("dev-3", "outage");
        byte[] content = random(50_000, 3);
        Manifest manifest = log.upload(id, FileMeta.named("o.bin"), content, Upload.plain(10_000));
        Exporter exporter = use(Exporter.start(config(topics).build()));
        S3.server().stop();

        log.manifest(manifest);

        await().atMost(Duration.ofSeconds(60)).until(() -> exporter.stats().retries() >= 2);
        assertThat(TopicRecords.now(KAFKA.bootstrapServers(), topics.responses())).isEmpty();
        S3.server().start();
        ResponseRecord response = FerrySerdes.responses().deserializer().deserialize("",
                TopicRecords.await(KAFKA.bootstrapServers(), topics.responses(), 1).get(0).value());
        assertThat(response.response().reasonDescription()).isEqualTo("success");
        assertThat(object(key(id, "o.bin"))).isEqualTo(content);
    }

    @Test
    void shouldExportByteExactWhenS3StaysDownLongerThanTheDeadline() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = use(new CommandLog(KAFKA.bootstrapServers(), topics));
        TransferId id = new TransferId("dev-4", "long-outage");
        byte[] content = random((int) (7 * MIB) + 3, 4);
        Manifest manifest = log.upload(id, FileMeta.named("n.bin"), content, Upload.plain((int) MIB));
        TestConfig config = config(topics);
        config.deadline = Duration.ofSeconds(1);
        Exporter exporter = use(Exporter.start(config.build()));
        S3.server().stop();

        log.manifest(manifest);

        // Past the deadline (stalled is reported once it passed) and still retrying after that.
        await().atMost(Duration.ofSeconds(60)).until(() -> exporter.stats().stalled() == 1);
        long retriesWhenStalled = exporter.stats().retries();
        await().atMost(Duration.ofSeconds(60)).until(() -> exporter.stats().retries() >= retriesWhenStalled + 3);
        assertThat(TopicRecords.now(KAFKA.bootstrapServers(), topics.responses())).isEmpty();
        assertThat(TopicRecords.now(KAFKA.bootstrapServers(), topics.exported())).isEmpty();
        S3.server().start();
        ResponseRecord response = FerrySerdes.responses().deserializer().deserialize("",
                TopicRecords.await(KAFKA.bootstrapServers(), topics.responses(), 1).get(0).value());
        assertThat(response.response().reasonDescription()).isEqualTo("success");
        assertThat(Sha256.digest(object(key(id, "n.bin")))).isEqualTo(Sha256.digest(content));
        assertThat(TopicRecords.now(KAFKA.bootstrapServers(), topics.exported())).singleElement()
                .satisfies(r -> assertThat(FerrySerdes.outcomes().deserializer().deserialize("", r.value())
                        .reason().description()).isEqualTo("success"));
        assertThat(exporter.stats().failed()).isZero();
        assertThat(S3.client().listMultipartUploads(r -> r.bucket(BUCKET)).uploads()).isEmpty();
    }

    @Test
    void shouldDeleteExpiredObjectAndAbortStaleMultipartUploadsUnderItsPrefix() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = use(new CommandLog(KAFKA.bootstrapServers(), topics));
        TransferId expiredId = new TransferId("dev-6", "expired");
        TransferId keptId = new TransferId("dev-6", "kept");
        byte[] keptBytes = random(20_000, 6);
        Manifest expired = log.upload(expiredId, new FileMeta("e.bin", null, null,
                java.time.Instant.now().getEpochSecond() - 60, null, null), random(10_000, 5), Upload.plain(5000));
        Manifest kept = log.upload(keptId, FileMeta.named("k.bin"), keptBytes, Upload.plain(5000));
        // Left by a killed exporter, and one outside the prefix that belongs to someone else.
        String abandoned = S3.client().createMultipartUpload(r -> r.bucket(BUCKET).key("exports/x/y/crashed.bin"))
                .uploadId();
        String foreign = S3.client().createMultipartUpload(r -> r.bucket(BUCKET).key("other/app.bin")).uploadId();
        TestConfig config = config(topics);
        config.retention = new RetentionConfig(true, Duration.ZERO, Duration.ofMillis(200), Duration.ofDays(1));
        // S3Proxy reports every upload as initiated "now": the exporter's clock two days ahead makes them stale.
        ShiftedClock clock = new ShiftedClock(Duration.ofDays(2));
        Exporter exporter = use(Exporter.start(config.build(), clock));

        log.manifest(expired);
        log.manifest(kept);

        TopicRecords.await(KAFKA.bootstrapServers(), topics.responses(), 2);
        await().atMost(Duration.ofSeconds(60)).until(() -> exporter.retentionDeleted() == 1
                && exporter.retentionStaleRemoved() >= 1);
        long sweeps = exporter.retentionSweeps();
        await().atMost(Duration.ofSeconds(60)).until(() -> exporter.retentionSweeps() >= sweeps + 2);
        assertThat(S3.client().listObjectsV2(r -> r.bucket(BUCKET).prefix(key(expiredId, ""))).contents()).isEmpty();
        assertThat(object(key(keptId, "k.bin"))).isEqualTo(keptBytes);
        assertThat(S3.client().listMultipartUploads(r -> r.bucket(BUCKET)).uploads())
                .extracting(u -> u.uploadId()).contains(foreign).doesNotContain(abandoned);
        List<ConsumerRecord<byte[], byte[]>> files = TopicRecords.now(KAFKA.bootstrapServers(), topics.files());
        assertThat(files).filteredOn(r -> TransferId.decode(r.key()).equals(expiredId)).last()
                .satisfies(r -> assertThat(r.value()).isNull());
        S3.client().abortMultipartUpload(r -> r.bucket(BUCKET).key("other/app.bin").uploadId(foreign));
    }

    @Test
    void shouldWriteEverySinkAndListEveryLocation() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = use(new CommandLog(KAFKA.bootstrapServers(), topics));
        TransferId id = new TransferId("dev-5", "both");
        byte[] content = random(20_000, 5);
        Manifest manifest = log.upload(id, FileMeta.named("b.bin"), content, Upload.plain(4096));
        TestConfig config = config(topics);
        config.sinks = List.of(ExporterConfig.LOCAL, ExporterConfig.S3);
        use(Exporter.start(config.build()));

        log.manifest(manifest);

        CatalogEntry entry = FerrySerdes.catalog().deserializer().deserialize("",
                TopicRecords.await(KAFKA.bootstrapServers(), topics.files(), 1).get(0).value());
        assertThat(entry.locations()).extracting(l -> l.sink()).containsExactly("local", "s3");
        assertThat(Files.readAllBytes(Path.of(URI.create(entry.locations().get(0).uri())))).isEqualTo(content);
        assertThat(object(S3Uris.key(entry.locations().get(1).uri()))).isEqualTo(content);
    }
}
