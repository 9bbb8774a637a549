package io.ferry.exporter;

import static io.ferry.exporter.ExporterFixture.exported;
import static io.ferry.exporter.ExporterFixture.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.exporter.CommandLog.Upload;
import io.ferry.exporter.sink.local.LocalSink;
import io.ferry.exporter.sink.s3.S3SinkConfig;
import io.ferry.protocol.Abort;
import io.ferry.records.CommandRecord;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Fin;
import io.ferry.protocol.Init;
import io.ferry.records.Manifest;
import io.ferry.records.SegmentPointer;
import io.ferry.protocol.Sha256;
import io.ferry.records.Topics;
import io.ferry.records.TransferId;
import io.ferry.testing.KafkaFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Export while receiving on real Kafka, a real local directory and the in-process S3 server. */
class StreamedExportIT {
    private static final long MIB = 1024 * 1024;
    private static final String BUCKET = "ferry-streamed";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KafkaFixture KAFKA = new KafkaFixture();
    @RegisterExtension
    static final S3Bucket S3 = new S3Bucket(BUCKET);

    @RegisterExtension
    final ExporterFixture exporters = new ExporterFixture(KAFKA);
    @TempDir
    Path root;

    private TestConfig config(Topics topics, Duration idle) {
        TestConfig config = new TestConfig(KAFKA.bootstrapServers(), topics, root);
        config.stream = new StreamConfig(true, 1024, 4, idle, 256 * 1024);
        return config;
    }

    private TestConfig s3Config(Topics topics, Duration idle) {
        TestConfig config = config(topics, idle);
        config.sinks = List.of(ExporterConfig.S3);
        config.s3 = new S3SinkConfig(S3.server().endpoint(), BUCKET, "us-east-1", "exports/", S3Server.ACCESS_KEY,
                S3Server.SECRET_KEY, true, 6 * MIB, S3SinkConfig.S3_MIN_PART_SIZE, 2, false, Duration.ofSeconds(30));
        return config;
    }

    private static Exporter streaming(Exporter exporter) {
        await().atMost(WAIT).until(() -> !exporter.streamingPartitions().isEmpty());
        return exporter;
    }

    private static FileMeta meta(String name, long size) {
        return new FileMeta(name, size, null, null, null, null);
    }

    @Test
    void shouldExportStreamedPrefixByteExactWhenManifestArrives() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        Exporter exporter = streaming(exporters.start(config(topics, Duration.ofMinutes(5))));
        TransferId id = new TransferId("dev-s", "big");
        byte[] content = random(3 * (int) MIB + 123, 1);

        Manifest manifest = log.upload(id, meta("big.bin", content.length), content, Upload.plain(256 * 1024));
        await().atMost(WAIT).until(() -> exporter.streams().streamedBytes(id) == content.length);
        log.manifest(manifest);

        Path file = exported(root, "dev-s", "big", "big.bin");
        await().atMost(WAIT).until(() -> Files.exists(file) && exporter.streamsHandedOver() == 1);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(exporter.streamedBytesHandedOver()).isEqualTo(content.length);
        assertThat(exporter.stats().fileBytesRead()).as("nothing read back at fin").isZero();
        assertThat(temporaries()).isEmpty();
    }

    @Test
    void shouldExportFromZeroWhenManifestUsesResentSegmentWithDifferentBytes() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        Exporter exporter = streaming(exporters.start(config(topics, Duration.ofMinutes(5))));
        TransferId id = new TransferId("dev-s", "resent");
        byte[] first = random(4096, 2);
        byte[] second = random(4096, 3);
        byte[] tail = random(4096, 4);
        int partition = log.send(CommandRecord.of(CommandLog.reply(id, "init"), 1,
                new Init(id.fileId(), meta("r.bin", 8192))), null).partition();
        log.segment(id, 0, first, partition);
        long tailOffset = log.segment(id, 4096, tail, partition).offset();
        long resent = log.segment(id, 0, second, partition).offset();
        log.send(CommandRecord.of(CommandLog.reply(id, "fin"), 1, new Fin(id.fileId(), 8192, null)), partition);
        byte[] expected = concat(second, tail);
        await().atMost(WAIT).until(() -> exporter.streams().streamedBytes(id) == 8192);

        log.manifest(new Manifest(id, 1, meta("r.bin", 8192), 8192, Sha256.digest(expected), partition,
                List.of(new SegmentPointer(resent, 0, 4096), new SegmentPointer(tailOffset, 4096, 4096)),
                List.of(CommandLog.reply(id, "fin")), 1));

        Path file = exported(root, "dev-s", "resent", "r.bin");
        await().atMost(WAIT).until(() -> Files.exists(file));
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
        assertThat(exporter.streamsHandedOver()).isZero();
        assertThat(exporter.streamsDiscarded()).isEqualTo(1);
        assertThat(temporaries()).isEmpty();
    }

    @Test
    void shouldRemoveTemporaryFileWhenUploadIsAbortedOrAbandoned() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        Exporter exporter = streaming(exporters.start(config(topics, Duration.ofSeconds(2))));
        TransferId aborted = new TransferId("dev-s", "aborted");
        TransferId abandoned = new TransferId("dev-s", "abandoned");
        int partition = 0;
        for (TransferId id : List.of(aborted, abandoned)) {
            log.send(CommandRecord.of(CommandLog.reply(id, "init"), 1, new Init(id.fileId(), meta("a.bin", 1 << 20))),
                    partition);
            log.segment(id, 0, random(64 * 1024, 5), partition);
        }
        await().atMost(WAIT).until(() -> exporter.streams().streamedBytes(aborted) == 64 * 1024
                && exporter.streams().streamedBytes(abandoned) == 64 * 1024);
        assertThat(temporaries()).hasSize(2);

        log.send(CommandRecord.of(CommandLog.reply(aborted, "abort"), 1, new Abort(aborted.fileId())), partition);

        await().atMost(WAIT).until(() -> exporter.streamsOpen() == 0);
        assertThat(temporaries()).isEmpty();
        assertThat(exporter.streamsDiscarded()).isEqualTo(2);
    }

    @Test
    void shouldCompleteStreamedMultipartUploadAndAbortAbandonedOne() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        Exporter exporter = streaming(exporters.start(s3Config(topics, Duration.ofSeconds(2))));
        TransferId id = new TransferId("dev-s3", "big");
        TransferId abandoned = new TransferId("dev-s3", "abandoned");
        byte[] content = random(13 * (int) MIB + 7, 6);
        log.send(CommandRecord.of(CommandLog.reply(abandoned, "init"), 1,
                new Init(abandoned.fileId(), meta("x.bin", 20 * MIB))), 0);
        log.segment(abandoned, 0, random(1024, 7), 0);

        Manifest manifest = log.upload(id, meta("big.bin", content.length), content, Upload.plain(512 * 1024));
        await().atMost(WAIT).until(() -> exporter.streams().streamedBytes(id) == content.length);
        log.manifest(manifest);

        String key = "exports/dev-s3/big/big.bin";
        await().atMost(WAIT).until(() -> exporter.streamsHandedOver() == 1 && exporter.stats().exported() == 1);
        assertThat(S3.client().getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(content);
        assertThat(S3.client().headObject(r -> r.bucket(BUCKET).key(key)).metadata())
                .containsEntry("sha256", Sha256.digest(content).hex());
        await().atMost(WAIT).until(() -> exporter.streamsOpen() == 0);
        assertThat(S3.client().listMultipartUploads(r -> r.bucket(BUCKET)).uploads()).isEmpty();
    }

    @Test
    void shouldExportFromZeroOnNextOwnerWhenStreamingExporterStopsMidUpload() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        CommandLog log = exporters.log(topics);
        TestConfig config = config(topics, Duration.ofMinutes(5));
        Exporter first = streaming(Exporter.start(config.build()));
        TransferId id = new TransferId("dev-s", "moved");
        byte[] content = random(2 * (int) MIB, 8);
        int partition = log.send(CommandRecord.of(CommandLog.reply(id, "init"), 1,
                new Init(id.fileId(), meta("m.bin", content.length))), null).partition();
        long firstHalf = log.segment(id, 0, Arrays.copyOf(content, (int) MIB), partition).offset();
        await().atMost(WAIT).until(() -> first.streams().streamedBytes(id) == MIB);
        assertThat(temporaries()).hasSize(1);

        first.close();
        assertThat(temporaries()).isEmpty();
        Exporter second = streaming(exporters.start(config));
        long secondHalf = log.segment(id, MIB, Arrays.copyOfRange(content, (int) MIB, content.length), partition)
                .offset();
        log.manifest(new Manifest(id, 1, meta("m.bin", content.length), content.length, Sha256.digest(content),
                partition, List.of(new SegmentPointer(firstHalf, 0, (int) MIB),
                        new SegmentPointer(secondHalf, MIB, content.length - (int) MIB)),
                List.of(CommandLog.reply(id, "fin")), 1));

        Path file = exported(root, "dev-s", "moved", "m.bin");
        await().atMost(WAIT).until(() -> Files.exists(file));
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(second.streamsHandedOver()).isZero();
        assertThat(temporaries()).isEmpty();
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(LocalSink.TEMP_DIR))) {
            return new ArrayList<>(files.toList());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
