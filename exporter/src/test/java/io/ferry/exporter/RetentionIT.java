package io.ferry.exporter;

import static io.ferry.exporter.ExporterFixture.exported;
import static io.ferry.exporter.ExporterFixture.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.exporter.CommandLog.Upload;
import io.ferry.exporter.sink.local.LocalSink;
import io.ferry.protocol.FileMeta;
import io.ferry.records.Manifest;
import io.ferry.records.Topics;
import io.ferry.records.TransferId;
import io.ferry.testing.KafkaFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Retention of exported files on the real filesystem sink and Kafka: what is deleted, what is kept. */
class RetentionIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KafkaFixture KAFKA = new KafkaFixture();

    @RegisterExtension
    final ExporterFixture exporters = new ExporterFixture(KAFKA);
    @TempDir
    Path root;

    private TestConfig config(Topics topics, RetentionConfig retention) {
        TestConfig config = new TestConfig(KAFKA.bootstrapServers(), topics, root);
        config.retention = retention;
        return config;
    }

    private static FileMeta expiringAt(String name, Long expireAt) {
        return new FileMeta(name, null, null, expireAt, null, null);
    }

    /** The latest value per key of ferry.files (a tombstone is an empty array). */
    private static Map<String, byte[]> catalog(Topics topics) {
        return TopicRecords.now(KAFKA.bootstrapServers(), topics.files()).stream().collect(Collectors.toMap(
                r -> TransferId.decode(r.key()).fileId(), r -> r.value() == null ? new byte[0] : r.value(),
                (first, second) -> second));
    }

    /** Waits for {@code n} more complete sweeps: whatever they would delete is deleted by then. */
    private static void awaitSweeps(Exporter exporter, int n) {
        long seen = exporter.retentionSweeps();
        await().atMost(WAIT).until(() -> exporter.retentionSweeps() >= seen + n);
    }

    @Test
    void shouldDeleteFilePastItsExpireAtFromSinkAndCatalogAndKeepTheOthers() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        long now = Instant.now().getEpochSecond();
        byte[] keptBytes = random(3_000, 2);
        byte[] laterBytes = random(4_000, 3);
        Manifest expired = log.upload(new TransferId("dev-r", "expired"), expiringAt("e.bin", now - 60),
                random(2_000, 1), Upload.plain(1000));
        Manifest kept = log.upload(new TransferId("dev-r", "kept"), expiringAt("k.bin", null), keptBytes,
                Upload.plain(1000));
        Manifest later = log.upload(new TransferId("dev-r", "later"), expiringAt("l.bin", now + 86_400),
                laterBytes, Upload.plain(1000));
        Exporter exporter = exporters.start(config(topics, new RetentionConfig(true, Duration.ZERO,
                Duration.ofMillis(200), Duration.ofDays(1))));

        List.of(expired, kept, later).forEach(log::manifest);

        TopicRecords.await(KAFKA.bootstrapServers(), topics.responses(), 3);
        await().atMost(WAIT).until(() -> exporter.retentionDeleted() == 1);
        awaitSweeps(exporter, 2);
        assertThat(root.resolve("dev-r").resolve("expired")).doesNotExist();
        assertThat(Files.readAllBytes(exported(root, "dev-r", "kept", "k.bin"))).isEqualTo(keptBytes);
        assertThat(Files.readAllBytes(exported(root, "dev-r", "later", "l.bin"))).isEqualTo(laterBytes);
        Map<String, byte[]> catalog = catalog(topics);
        assertThat(catalog.get("expired")).isEmpty();
        assertThat(catalog.get("kept")).isNotEmpty();
        assertThat(catalog.get("later")).isNotEmpty();
        assertThat(exporter.retentionDeleted()).isEqualTo(1);
    }

    @Test
    void shouldDeleteFilesOlderThanMaxAge() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        ShiftedClock clock = new ShiftedClock(Duration.ZERO);
        Manifest old = log.upload(new TransferId("dev-m", "old"), FileMeta.named("o.bin"), random(1_000, 4),
                Upload.plain(500));
        TestConfig config = config(topics, new RetentionConfig(false, Duration.ofHours(1), Duration.ofMillis(200),
                Duration.ofDays(1)));
        Exporter exporter = exporters.use(Exporter.start(config.build(), clock));
        log.manifest(old);
        TopicRecords.await(KAFKA.bootstrapServers(), topics.responses(), 1);
        awaitSweeps(exporter, 2);
        assertThat(exported(root, "dev-m", "old", "o.bin")).exists();

        clock.advance(Duration.ofMinutes(61));

        await().atMost(WAIT).until(() -> exporter.retentionDeleted() == 1);
        assertThat(root.resolve("dev-m").resolve("old")).doesNotExist();
        assertThat(catalog(topics).get("old")).isEmpty();
    }

    @Test
    void shouldKeepEveryFileWhenRetentionIsOff() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        byte[] content = random(1_500, 5);
        Manifest expired = log.upload(new TransferId("dev-k", "expired"),
                expiringAt("e.bin", Instant.now().getEpochSecond() - 60), content, Upload.plain(500));
        Exporter exporter = exporters.start(config(topics, new RetentionConfig(false, Duration.ZERO,
                Duration.ofMillis(200), Duration.ofDays(1))));
        log.manifest(expired);
        TopicRecords.await(KAFKA.bootstrapServers(), topics.responses(), 1);

        awaitSweeps(exporter, 3);

        assertThat(Files.readAllBytes(exported(root, "dev-k", "expired", "e.bin"))).isEqualTo(content);
        assertThat(catalog(topics).get("expired")).isNotEmpty();
        assertThat(exporter.retentionDeleted()).isZero();
    }

    @Test
    void shouldRemoveStaleTemporaryFilesAndKeepYoungOnes() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        Exporter exporter = exporters.start(config(topics, new RetentionConfig(true, Duration.ZERO,
                Duration.ofMillis(200), Duration.ofHours(1))));
        Path temp = root.toRealPath().resolve(LocalSink.TEMP_DIR);
        Path stale = Files.write(temp.resolve("crashed.data"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path young = Files.write(temp.resolve("running.data"), new byte[] {4});

        await().atMost(WAIT).until(() -> exporter.retentionStaleRemoved() == 1);
        awaitSweeps(exporter, 2);

        assertThat(stale).doesNotExist();
        assertThat(young).exists();
        assertThat(exporter.retentionStaleRemoved()).isEqualTo(1);
    }
}
