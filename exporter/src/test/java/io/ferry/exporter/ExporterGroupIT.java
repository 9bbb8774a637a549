package io.ferry.exporter;

import static io.ferry.exporter.ExporterFixture.exported;
import static io.ferry.exporter.ExporterFixture.random;
import static io.ferry.exporter.ExporterFixture.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.exporter.CommandLog.Upload;
import io.ferry.exporter.sink.local.LocalSink;
import io.ferry.records.FerrySerdes;
import io.ferry.protocol.FileMeta;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.records.Topics;
import io.ferry.records.TransferId;
import io.ferry.testing.KafkaFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The exporter across restarts, in a group, with large files, and replay. */
class ExporterGroupIT {
    @RegisterExtension
    static final KafkaFixture KAFKA = new KafkaFixture();

    @RegisterExtension
    final ExporterFixture exporters = new ExporterFixture(KAFKA);
    @TempDir
    Path root;

    @Test
    void shouldContinueFromCommittedOffsetWhenRestartedInSameGroup() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        TestConfig config = new TestConfig(KAFKA.bootstrapServers(), topics, root);
        TransferId first = new TransferId("dev-1", "one");
        log.manifest(log.upload(first, FileMeta.named("1.bin"), random(100, 5), Upload.plain(50)));
        try (Exporter exporter = Exporter.start(config.build())) {
            TopicRecords.await(KAFKA.bootstrapServers(), topics.exported(), 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> exporter.stats().transactions() >= 1);
        }
        Exporter second = exporters.start(config);
        TransferId next = new TransferId("dev-1", "two");
        log.manifest(log.upload(next, FileMeta.named("2.bin"), random(100, 6), Upload.plain(50)));

        TopicRecords.await(KAFKA.bootstrapServers(), topics.exported(), 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.stats().exported() == 1);
        assertThat(second.stats().manifests()).isEqualTo(1);
        assertThat(Files.exists(exported(root, "dev-1", "two", "2.bin"))).isTrue();
    }


    @Test
    void shouldExportMultiMegabyteFileWithReaderMemoryBoundedByFetchSize() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        TransferId id = new TransferId("dev-big", "big");
        int segment = 256 * 1024;
        byte[] content = random(24 * 1024 * 1024 + 12_345, 9);
        // Another device uploads at the same time: its segments sit between ours in the partition.
        Manifest manifest = log.upload(id, FileMeta.named("big.bin"), content,
                new Upload(segment, false, new TransferId("dev-other", "noise"), 0, false));
        log.manifest(manifest);

        Path scanRoot = root.resolve("scan");
        TestConfig scan = new TestConfig(KAFKA.bootstrapServers(), topics, scanRoot);
        scan.concurrency = 1;
        Exporter forward = exporters.start(scan);
        await().atMost(Duration.ofSeconds(90)).until(() -> forward.stats().exported() == 1);

        Path seekRoot = root.resolve("seek");
        TestConfig seeking = new TestConfig(KAFKA.bootstrapServers(), topics, seekRoot);
        seeking.concurrency = 1;
        seeking.fetchBytes = segment + 4096;
        seeking.skipBytes = 0;
        Exporter seeker = exporters.start(seeking);
        await().atMost(Duration.ofSeconds(90)).until(() -> seeker.stats().exported() == 1);

        for (Path exportRoot : List.of(scanRoot, seekRoot)) {
            Path file = exportRoot.toRealPath().resolve("dev-big").resolve("big").resolve("big.bin");
            assertThat(Files.size(file)).isEqualTo(content.length);
            assertThat(Files.readAllBytes(file)).isEqualTo(content);
        }
        System.out.printf("read amplification, 24 MiB file interleaved 1:1 with another upload, 256 KiB segments:"
                + " reading on (fetch %d bytes, skip up to %d) %.3f (peak fetched %d bytes);"
                + " seeking per segment (fetch 260 KiB, skip 0) %.3f (peak fetched %d bytes)%n",
                scan.fetchBytes, scan.skipBytes, forward.stats().readAmplification(),
                forward.stats().peakFetchedBytes(),
                seeker.stats().readAmplification(), seeker.stats().peakFetchedBytes());
        assertThat(forward.stats().peakFetchedBytes()).isLessThanOrEqualTo(scan.fetchBytes + segment + 1024);
        assertThat(seeker.stats().peakFetchedBytes()).isLessThanOrEqualTo(seeking.fetchBytes + segment + 1024);
        // Reading on transfers the other upload's half too, plus the truncated last batch of each fetch.
        assertThat(forward.stats().readAmplification()).isBetween(1.0, 3.0);
        assertThat(seeker.stats().readAmplification()).isBetween(1.0, 2.5);
    }


    @Test
    void shouldReplayChosenExportedFilesToAnotherSink() throws Exception {
        Topics topics = KAFKA.newTopics(2);
        CommandLog log = exporters.log(topics);
        byte[] mine = random(9000, 20);
        byte[] theirs = random(7000, 21);
        log.manifest(log.upload(new TransferId("dev-r1", "a"), FileMeta.named("a.bin"), mine, Upload.plain(1000)));
        log.manifest(CommandLog.withChecksum(log.upload(new TransferId("dev-r2", "b"), FileMeta.named("b.bin"),
                theirs, Upload.plain(1000)), null));
        TestConfig config = new TestConfig(KAFKA.bootstrapServers(), topics, root.resolve("live"));
        Exporter exporter = exporters.start(config);
        TopicRecords.await(KAFKA.bootstrapServers(), topics.files(), 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> exporter.stats().transactions() >= 1);

        Path copyRoot = root.resolve("copy");
        LocalSink copy = exporters.use(new LocalSink("archive", copyRoot, Clock.systemUTC()));
        Replay.Summary one = new Replay(config.build(), List.of(copy))
                .run(new Replay.Selection("dev-r1", null, null, null));

        assertThat(one.selected()).isEqualTo(1);
        assertThat(one.failures()).isEmpty();
        assertThat(Files.readAllBytes(copyRoot.toRealPath().resolve("dev-r1/a/a.bin"))).isEqualTo(mine);
        assertThat(Files.exists(copyRoot.resolve("dev-r2"))).isFalse();

        Replay.Summary all = new Replay(config.build(), List.of(copy)).run(Replay.Selection.all());
        assertThat(all.exported()).isEqualTo(2);
        assertThat(Files.readAllBytes(copyRoot.toRealPath().resolve("dev-r2/b/b.bin"))).isEqualTo(theirs);
    }


    @Test
    void shouldExportEveryFileWhenGroupMembersJoinAndLeave() throws Exception {
        Topics topics = KAFKA.newTopics(4);
        CommandLog log = exporters.log(topics);
        TestConfig config = new TestConfig(KAFKA.bootstrapServers(), topics, root);
        Map<TransferId, byte[]> contents = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            contents.put(new TransferId("dev-g" + i, "f"), random(20_000 + i, 30 + i));
        }
        List<Manifest> manifests = new ArrayList<>();
        contents.forEach((id, content) -> manifests.add(log.upload(id, FileMeta.named("g.bin"), content,
                Upload.plain(4096))));
        Exporter first = Exporter.start(config.build());
        Exporter second = exporters.start(config);
        manifests.subList(0, 6).forEach(log::manifest);
        TopicRecords.await(KAFKA.bootstrapServers(), topics.exported(), 3);
        first.close();
        manifests.subList(6, 12).forEach(log::manifest);

        await().atMost(Duration.ofSeconds(90)).until(() -> TopicRecords.now(KAFKA.bootstrapServers(),
                topics.files()).stream().map(r -> new String(r.key())).distinct().count() == contents.size());
        for (ConsumerRecord<byte[], byte[]> record : TopicRecords.now(KAFKA.bootstrapServers(), topics.exported())) {
            assertThat(value(record, FerrySerdes.outcomes()).reason()).isEqualTo(Reason.SUCCESS);
        }
        for (Map.Entry<TransferId, byte[]> entry : contents.entrySet()) {
            assertThat(Files.readAllBytes(exported(root, entry.getKey().clientId(), "f", "g.bin")))
                    .isEqualTo(entry.getValue());
        }
        assertThat(second.isRunning()).isTrue();
    }
}
