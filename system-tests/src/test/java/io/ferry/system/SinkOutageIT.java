package io.ferry.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.api.ApiServer;
import io.ferry.client.FerryUploader;
import io.ferry.client.UploadPhase;
import io.ferry.exporter.Exporter;
import io.ferry.exporter.sink.local.LocalSink;
import io.ferry.testing.KafkaFixture;
import io.ferry.testing.S3ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The sinks fail: S3 is down for a while (docs/architecture.md "Failure semantics": "S3 down: manifests wait; files are
 * exported when it returns; devices get the result then"), and the local export directory cannot be written (a clear
 * {@code export_failed}, nothing partial visible, and the same uploads succeed once it is fixed).
 */
class SinkOutageIT {
    private static final int PARTITIONS = 4;
    private static final String BUCKET = "ferry-files";

    @RegisterExtension
    static final SharedKafka SHARED = new SharedKafka();

    @TempDir
    Path dir;

    private static KafkaFixture kafka() {
        return SHARED.fixture();
    }

    @Test
    void shouldExportWaitingFilesAndAnswerDevicesWhenS3ComesBack(TestInfo test) throws Exception {
        try (S3ServerProcess s3 = S3ServerProcess.start(Files.createDirectories(dir.resolve("s3")));
             S3Client client = s3.client()) {
            s3.createBucket(BUCKET);
            Map<String, String> settings = new HashMap<>(s3.ferrySettings(BUCKET));
            settings.put("ferry.exporter.sinks", "s3");
            // The outage outlasts the deadline: exports are reported stalled and keep retrying, none is given up.
            settings.put("ferry.exporter.deadline", "2s");
            try (Cluster cluster = cluster(test, settings)) {
                Exporter exporter = start(cluster);
                ApiClient api = api(cluster);
                s3.stop();
                Uploads uploads = Uploads.start(Uploads.roundRobin(devices(cluster, "s3-device", 3),
                        Uploads.randomFiles(dir, "s3", 6, 512 * 1024, 2 * 1024 * 1024, 61), "s3"));

                // Every fin waits on its export while the exporter keeps retrying against the dead endpoint.
                await("every upload waiting on S3").atMost(Duration.ofMinutes(2)).until(() -> uploads.all().stream()
                        .allMatch(u -> u.phase() == UploadPhase.FINISHING) && exporter.stats().retries() >= 6
                        && exporter.stats().stalled() >= 1);
                assertThat(uploads.done()).as("uploads answered while S3 was down").isZero();
                assertThat(exporter.stats().failed()).as("exports given up").isZero();
                assertThat(api.fileIds("s3-device-0")).as("catalog while S3 is down").isEmpty();
                s3.start();
                uploads.awaitSettled(Duration.ofMinutes(2));

                Verify.allLanded(uploads, api);
                Verify.nothingResent(uploads);
                Verify.bucketHoldsExactly(client, BUCKET, uploads.all());
            }
        }
    }

    @Test
    void shouldAnswerExportFailedAndShowNothingWhenTheExportDirectoryCannotBeWritten(TestInfo test)
            throws Exception {
        try (Cluster cluster = cluster(test, Map.of("ferry.exporter.sinks", "local"))) {
            start(cluster);
            ApiClient api = api(cluster);
            // Root may write anywhere, so permissions cannot break the directory here: a file where the exporter's
            // temporary directory must be has the same effect, every write fails with an I/O error ("Not a
            // directory") that no retry cures.
            Path temp = cluster.localRoot().resolve(LocalSink.TEMP_DIR);
            Files.delete(temp);
            Files.writeString(temp, "not a directory");
            List<FerryUploader> devices = devices(cluster, "disk-device", 3);
            List<Path> files = Uploads.randomFiles(dir, "disk", 3, 256 * 1024, 1024 * 1024, 71);
            Uploads broken = Uploads.start(Uploads.roundRobin(devices, files, "disk"));
            broken.awaitSettled(Duration.ofMinutes(2));

            for (Uploads.Upload upload : broken.all()) {
                Verify.failedClearly(upload, 0x80, "export_failed", api);
            }
            assertThat(Verify.visibleFiles(cluster.localRoot())).as("files visible after the failed exports")
                    .isEmpty();

            // Repaired, the devices upload the same files again: the server still holds the bytes, and exports them.
            Files.delete(temp);
            Files.createDirectory(temp);
            Uploads repaired = Uploads.start(Uploads.roundRobin(devices, files, "disk"));
            repaired.awaitSettled(Duration.ofMinutes(2));

            Verify.allLanded(repaired, api);
            Verify.localSinkHoldsExactly(cluster.localRoot(), repaired.all());
            Verify.catalogListsExactly(api, repaired.all());
        }
    }

    private Cluster cluster(TestInfo test, Map<String, String> settings) {
        return Cluster.create(kafka(), PARTITIONS, dir.resolve("ferry"), test.getTestMethod().orElseThrow().getName(),
                settings);
    }

    private static Exporter start(Cluster cluster) {
        cluster.startBroker();
        Cluster.awaitRunning(cluster.startAssembler("assembler"));
        return cluster.startExporter("exporter");
    }

    private static ApiClient api(Cluster cluster) {
        ApiServer server = cluster.startApi("api");
        return new ApiClient("api", server.port());
    }

    private static List<FerryUploader> devices(Cluster cluster, String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> cluster.device(prefix + "-" + i)).toList();
    }
}
