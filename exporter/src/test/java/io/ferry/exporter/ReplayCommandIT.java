package io.ferry.exporter;

import static io.ferry.exporter.ExporterFixture.random;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.exporter.CommandLog.Upload;
import io.ferry.exporter.sink.ExportFile;
import io.ferry.exporter.sink.Sink;
import io.ferry.exporter.sink.SinkWrite;
import io.ferry.exporter.sink.local.LocalSink;
import io.ferry.protocol.FileMeta;
import io.ferry.records.Location;
import io.ferry.records.Manifest;
import io.ferry.protocol.Sha256;
import io.ferry.records.Topics;
import io.ferry.records.TransferId;
import io.ferry.storage.FileStore;
import io.ferry.testing.KafkaFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./ferry replay} against a real Kafka holding exported files, into a real directory and a real
 * S3-compatible server: selection, idempotence, interruption and files past retention.
 */
class ReplayCommandIT {
    private static final String BUCKET = "replayed";
    @RegisterExtension
    static final KafkaFixture KAFKA = new KafkaFixture();
    @RegisterExtension
    static final S3Bucket S3 = new S3Bucket(BUCKET);

    @RegisterExtension
    final ExporterFixture exporters = new ExporterFixture(KAFKA);
    @TempDir
    Path root;

    @Test
    void shouldCopyTheChosenFilesToADirectoryAndToS3AndSkipThemWhenRunAgain() throws Exception {
        Topics topics = KAFKA.newTopics(2);
        Map<TransferId, byte[]> files = exportFiles(topics, Map.of(
                new TransferId("cam-a", "one"), random(150_000, 1),
                new TransferId("cam-a", "two"), random(9_000, 2),
                new TransferId("cam-b", "three"), random(40_000, 3)));
        Path copy = root.resolve("copy");

        Run byClient = replay(topics, "--to", copy.toUri().toString(), "--client", "cam-a");

        assertThat(byClient.code).as(byClient.output()).isZero();
        assertThat(byClient.out).contains("2 selected, 2 copied, 0 already there, 0 past retention, 0 failed");
        assertThat(byClient.err).contains("replaying 2 file(s)").contains("100% 2/2 files");
        assertThat(Files.readAllBytes(copy.resolve("cam-a/one/one.bin")))
                .isEqualTo(files.get(new TransferId("cam-a", "one")));
        assertThat(Files.readAllBytes(copy.resolve("cam-a/two/two.bin")))
                .isEqualTo(files.get(new TransferId("cam-a", "two")));
        assertThat(copy.resolve("cam-b")).doesNotExist();

        Run again = replay(topics, "--to", copy.toUri().toString(), "--client", "cam-a", "--since", "1h");
        assertThat(again.code).as(again.output()).isZero();
        assertThat(again.out).contains("2 selected, 0 copied, 2 already there");

        Run toS3 = replay(topics, "--to", "s3://" + BUCKET + "/again", "--file", "cam-b/three");
        assertThat(toS3.code).as(toS3.output()).isZero();
        assertThat(toS3.out).contains("1 selected, 1 copied");
        byte[] object = S3.client().getObjectAsBytes(r -> r.bucket(BUCKET).key("again/cam-b/three/three.bin"))
                .asByteArray();
        assertThat(object).isEqualTo(files.get(new TransferId("cam-b", "three")));

        Run future = replay(topics, "--to", copy.toUri().toString(), "--since", "2999-01-01");
        assertThat(future.out).contains("0 selected");
    }

    @Test
    void shouldSayTheBytesArePastRetentionWhenTheCommandsTopicNoLongerHoldsThem() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        exportFiles(topics, Map.of(new TransferId("cam-old", "gone"), random(20_000, 4)));
        TopicPartition commands = new TopicPartition(topics.commands(), 0);
        try (Admin admin = Admin.create(KAFKA.clientConfig())) {
            long end = admin.listOffsets(Map.of(commands, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .all().get().get(commands).offset();
            // What retention does: the log now starts after every segment of the file.
            admin.deleteRecords(Map.of(commands, RecordsToDelete.beforeOffset(end))).all().get();
        }

        Run run = replay(topics, "--to", root.resolve("late").toUri().toString());

        assertThat(run.code).as(run.output()).isEqualTo(1);
        assertThat(run.out).contains("1 selected, 0 copied, 0 already there, 1 past retention")
                .contains("PAST RETENTION cam-old/gone: its bytes are past ferry.commands retention")
                .contains("tiered storage");
        assertThat(root.resolve("late").resolve("cam-old")).doesNotExist();
    }

    @Test
    void shouldLeaveNoPartialFileWhenInterruptedMidFileAndFinishWhenRunAgain() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        Map<TransferId, byte[]> files = exportFiles(topics, Map.of(
                new TransferId("cam-i", "big"), random(600_000, 5),
                new TransferId("cam-i", "small"), random(5_000, 6)));
        Path target = root.resolve("interrupted");
        ExporterConfig config = new TestConfig(KAFKA.bootstrapServers(), topics, target).build();
        LocalSink sink = exporters.use(new LocalSink("local", target, Clock.systemUTC()));

        Replay.Summary stopped;
        try {
            stopped = new Replay(config, List.of(new InterruptingSink(sink)))
                    .run(Replay.Selection.all(), Replay.Progress.NONE, () -> false);
        } finally {
            Thread.interrupted();
        }

        assertThat(stopped.interrupted()).isTrue();
        assertThat(stopped.exported()).isZero();
        try (Stream<Path> left = Files.walk(target)) {
            assertThat(left.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".bin"))).isEmpty();
        }
        Replay.Summary resumed = new Replay(config, List.of(sink)).run(Replay.Selection.all());
        assertThat(resumed.complete()).isTrue();
        assertThat(resumed.copied()).isEqualTo(2);
        assertThat(Files.readAllBytes(target.resolve("cam-i/big/big.bin")))
                .isEqualTo(files.get(new TransferId("cam-i", "big")));
    }

    /**
     * A real signal to a real replay process (SIGTERM runs the same shutdown hook as Ctrl-C's SIGINT): whatever the
     * moment, every file in the target is complete and byte-exact, the summary is printed, and the same command run
     * again finishes the job.
     */
    @Test
    void shouldPrintTheSummaryAndLeaveOnlyWholeFilesWhenTheProcessIsStopped() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        Map<TransferId, byte[]> contents = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            contents.put(new TransferId("cam-sig", "f" + i), random(600_000, 100 + i));
        }
        exportFiles(topics, contents);
        Path target = root.resolve("signalled");
        String to = target.toUri().toString();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ReplayCommand.class.getName(), "--to", to,
                "--bootstrap-servers", KAFKA.bootstrapServers());
        Path stdout = root.resolve("replay.out");
        Path stderr = root.resolve("replay.err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("FERRY_TOPICS_PREFIX", prefix(topics));
        Process replay = builder.start();
        try {
            // The first file done, then stop the process mid-run.
            await().atMost(Duration.ofSeconds(90)).failFast(() -> !replay.isAlive() && replay.exitValue() != 0)
                    .until(() -> Files.readString(stderr).contains(" copied"));
            replay.destroy();
            assertThat(replay.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            replay.destroyForcibly();
        }
        String out = Files.readString(stdout);

        assertThat(out).contains("replay to " + to + ": 30 selected");
        try (Stream<Path> files = Files.walk(target)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".bin")).toList()) {
                String fileId = file.getParent().getFileName().toString();
                assertThat(Files.readAllBytes(file)).isEqualTo(contents.get(new TransferId("cam-sig", fileId)));
            }
        }
        Run again = replay(topics, "--to", to);
        assertThat(again.code).as(again.output()).isZero();
        assertThat(again.out).contains("30 selected");
        assertThat(again.out).doesNotContain("interrupted");
        if (replay.exitValue() != 0) {
            assertThat(out).contains("interrupted: nothing partial was left in the sink");
            assertThat(again.out).containsPattern("[1-9][0-9]* copied");
        }
    }

    /**
     * What the signal hook does between two files (stop set, then the thread interrupted while it was not blocked in
     * Kafka): the run ends with its summary, not with the interrupt thrown by closing the reader.
     */
    @Test
    void shouldReturnTheSummaryWhenStopAndInterruptArriveBetweenFiles() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        exportFiles(topics, Map.of(new TransferId("cam-s", "a"), random(30_000, 7),
                new TransferId("cam-s", "b"), random(30_000, 8), new TransferId("cam-s", "c"), random(30_000, 9)));
        Path target = root.resolve("stopped");
        ExporterConfig config = new TestConfig(KAFKA.bootstrapServers(), topics, target).build();
        LocalSink sink = exporters.use(new LocalSink("local", target, Clock.systemUTC()));
        AtomicInteger asked = new AtomicInteger();

        Replay.Summary stopped;
        try {
            stopped = new Replay(config, List.of(sink)).run(Replay.Selection.all(), Replay.Progress.NONE, () -> {
                if (asked.incrementAndGet() < 2) {
                    return false;
                }
                Thread.currentThread().interrupt();
                return true;
            });
        } finally {
            Thread.interrupted();
        }

        assertThat(stopped.interrupted()).isTrue();
        assertThat(stopped.selected()).isEqualTo(3);
        assertThat(stopped.copied()).isEqualTo(1);
        try (Stream<Path> left = Files.walk(target)) {
            assertThat(left.filter(p -> p.toString().endsWith(".bin"))).hasSize(1);
        }
    }

    @Test
    void shouldExplainBadArgumentsWithExitCodeTwo() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        Run badUri = replay(topics, "--to", "ftp://host/x");
        Run badTime = replay(topics, "--to", root.toUri().toString(), "--since", "yesterday");
        Run badFile = replay(topics, "--to", root.toUri().toString(), "--file", "no-slash");

        assertThat(badUri.code).isEqualTo(2);
        assertThat(badUri.err).contains("--to: 'ftp://host/x' is neither file:///dir nor s3://bucket/prefix");
        assertThat(badTime.code).isEqualTo(2);
        assertThat(badTime.err).contains("'yesterday' is not a time");
        assertThat(badFile.code).isEqualTo(2);
        assertThat(badFile.err).contains("--file: 'no-slash' is not CLIENT/FILE");
    }

    /** Uploads and exports {@code contents} (named {@code <fileId>.bin}) so the catalog lists them. */
    private Map<TransferId, byte[]> exportFiles(Topics topics, Map<TransferId, byte[]> contents) {
        CommandLog log = exporters.log(topics);
        List<Manifest> manifests = new ArrayList<>();
        contents.forEach((id, bytes) -> manifests.add(log.upload(id, FileMeta.named(id.fileId() + ".bin"), bytes,
                Upload.plain(32 * 1024))));
        manifests.forEach(log::manifest);
        exporters.start(new TestConfig(KAFKA.bootstrapServers(), topics, root.resolve("live")));
        await().atMost(Duration.ofSeconds(60)).until(() -> TopicRecords.now(KAFKA.bootstrapServers(),
                topics.files()).size() >= contents.size());
        return contents;
    }

    private static String prefix(Topics topics) {
        return topics.commands().substring(0, topics.commands().length() - "commands".length());
    }

    private Run replay(Topics topics, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("FERRY_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        env.put("FERRY_TOPICS_PREFIX", prefix(topics));
        env.put("FERRY_S3_ENDPOINT", S3.server().endpoint().toString());
        env.put("FERRY_S3_ACCESS_KEY", S3Server.ACCESS_KEY);
        env.put("FERRY_S3_SECRET_KEY", S3Server.SECRET_KEY);
        env.put("FERRY_S3_PATH_STYLE", "true");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ReplayCommand command = new ReplayCommand(env, Clock.systemUTC(), new PrintStream(out, true, UTF_8),
                new PrintStream(err, true, UTF_8), false);
        int code = new CommandLine(command).execute(args);
        return new Run(code, out.toString(UTF_8), err.toString(UTF_8));
    }

    private record Run(int code, String out, String err) {
        String output() {
            return out + err;
        }
    }

    /** A sink whose writes interrupt the replaying thread after the first chunk, as Ctrl-C would mid-file. */
    private record InterruptingSink(Sink delegate) implements Sink {
        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public Location locationOf(ExportFile file) {
            return delegate.locationOf(file);
        }

        @Override
        public Optional<Location> findIdentical(ExportFile file, Sha256 sha256) {
            return delegate.findIdentical(file, sha256);
        }

        @Override
        public SinkWrite begin(ExportFile file) {
            SinkWrite write = delegate.begin(file);
            return new SinkWrite() {
                @Override
                public void write(ByteBuffer bytes) {
                    write.write(bytes);
                    Thread.currentThread().interrupt();
                }

                @Override
                public Location commit(Sha256 sha256) {
                    return write.commit(sha256);
                }

                @Override
                public void abort() {
                    write.abort();
                }
            };
        }

        @Override
        public FileStore store() {
            return delegate.store();
        }

        @Override
        public void close() {
        }
    }
}
