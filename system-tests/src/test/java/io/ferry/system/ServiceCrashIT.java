package io.ferry.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.api.ApiServer;
import io.ferry.assembler.Assembler;
import io.ferry.client.FerryUploader;
import io.ferry.client.UploadResult;
import io.ferry.records.TransferId;
import io.ferry.testing.KafkaFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/architecture.md "Failure semantics" for the services: a broker node, an assembler instance and an exporter are
 * each killed with SIGKILL (a child JVM: no shutdown hook, no flush, no commit) in the middle of uploads, and the MQTT
 * broker is restarted under them. Devices use Ferry's SDK with response timeouts far above any recovery here, so a
 * command lost on the way would show as a stalled upload or a resent byte, never be papered over by a retry.
 */
class ServiceCrashIT {
    private static final int PARTITIONS = 4;
    private static final int MIN_SIZE = 512 * 1024;
    private static final int MAX_SIZE = 2 * 1024 * 1024;
    private static final Duration SETTLE = Duration.ofMinutes(2);

    @RegisterExtension
    static final SharedKafka SHARED = new SharedKafka();

    @TempDir
    Path dir;

    private static KafkaFixture kafka() {
        return SHARED.fixture();
    }

    /**
     * "Broker node killed mid-upload": SIGKILL of the node (a child JVM) the devices upload through, then it restarts
     * on the same port and data dir, as a supervisor restarts it. What it had PUBACKed is in Kafka; what was in flight
     * is resent by the devices after they reconnect (at most their window); no loss, no duplicate file.
     */
    @Test
    void shouldLoseNothingWhenTheBrokerNodeIsKilledMidUploadAndRestarted(TestInfo test) throws Exception {
        try (Cluster cluster = cluster(test)) {
            ServiceProcess node = cluster.spawnBroker("broker-crash");
            Cluster.awaitRunning(cluster.startAssembler("assembler"));
            cluster.startExporter("exporter");
            ApiClient api = api(cluster);
            int port = cluster.mqttPort("broker-crash");
            List<FerryUploader> devices = IntStream.range(0, 3)
                    .mapToObj(i -> cluster.device("node-device-" + i, port)).toList();
            Uploads uploads = Uploads.start(Uploads.roundRobin(devices,
                    Uploads.randomFiles(dir, "node", 6, MIN_SIZE, MAX_SIZE, 11), "node"));

            uploads.awaitConfirmed(0.35);
            node.kill();
            assertThat(uploads.done()).as("uploads finished before the node died").isLessThan(6);
            node.restart();
            uploads.awaitSettled(SETTLE);

            Verify.allLanded(uploads, api);
            uploads.all().forEach(Verify::resentAtMostTheWindow);
            assertThat(uploads.all()).as("uploads cut off by the kill").anySatisfy(u ->
                    assertThat(Verify.success(u).reconnects()).isPositive());
            Verify.catalogListsExactly(api, uploads.all());
            Verify.localSinkHoldsExactly(cluster.localRoot(), uploads.all());
            assertThat(Verify.tempLeftovers(cluster.localRoot())).isEmpty();
        }
    }

    /** "Assembler instance killed: another takes over from committed state." Then the killed one comes back. */
    @Test
    void shouldLoseNothingWhenAnAssemblerIsKilledMidUploadAndAnotherTakesOver(TestInfo test) throws Exception {
        try (Cluster cluster = cluster(test)) {
            cluster.startBroker();
            ServiceProcess killed = cluster.spawnAssembler("assembler-a");
            Assembler survivor = cluster.startAssembler("assembler-b");
            cluster.startExporter("exporter");
            ApiClient api = api(cluster);
            List<String> assemblers = List.of("assembler-a", "assembler-b");
            awaitTasksSpread(cluster, assemblers);
            Set<Integer> killedTasks = Groups.owners(kafka().admin(), cluster.assemblerGroup(),
                    cluster.topics().commands(), assemblers).get("assembler-a");
            List<FerryUploader> devices = devices(cluster, "assembler-device", 4);
            Uploads uploads = Uploads.start(everyPartitionTwice(devices, "assembler", 21));

            uploads.awaitConfirmed(0.4);
            killed.kill();
            assertThat(uploads.all()).as("uploads in flight on the killed instance's tasks %s", killedTasks)
                    .anySatisfy(u -> {
                        assertThat(killedTasks).contains(u.partition(PARTITIONS));
                        assertThat(u.isDone()).isFalse();
                    });
            uploads.awaitSettled(SETTLE);

            Verify.allLanded(uploads, api);
            Verify.nothingResent(uploads);
            assertThat(survivor.isRunning()).isTrue();

            // The killed instance restarts on its old state directory, gets tasks back and works.
            killed.restart();
            awaitTasksSpread(cluster, assemblers);
            Uploads after = Uploads.start(everyPartitionOnce(devices, "assembler-after", 22));
            after.awaitSettled(SETTLE);
            Verify.allLanded(after, api);
            List<Uploads.Upload> everything = new ArrayList<>(uploads.all());
            everything.addAll(after.all());
            Verify.localSinkHoldsExactly(cluster.localRoot(), everything);
        }
    }

    /**
     * "Exporter instance killed: another takes over from committed state; exports are idempotent." The exporter is
     * killed while it is writing a file (frozen with SIGSTOP to check, then SIGKILL), so the export it had started is
     * neither committed to Kafka nor complete on disk.
     */
    @Test
    void shouldLoseNothingWhenTheExporterIsKilledMidExportAndAnotherTakesOver(TestInfo test) throws Exception {
        try (Cluster cluster = cluster(test)) {
            cluster.startBroker();
            Cluster.awaitRunning(cluster.startAssembler("assembler"));
            ServiceProcess killed = cluster.spawnExporter("exporter-a");
            ApiClient api = api(cluster);
            Path root = cluster.localRoot();
            Uploads uploads = Uploads.start(Uploads.roundRobin(devices(cluster, "exporter-device", 3),
                    Uploads.randomFiles(dir, "exporter", 6, 2 * MIN_SIZE, 2 * MAX_SIZE, 31), "exporter"));

            await("exporter-a caught writing a file").atMost(SETTLE).pollInterval(Duration.ofMillis(5))
                    .failFast("every upload finished before exporter-a could be caught writing",
                            () -> uploads.done() == uploads.all().size())
                    .until(() -> killIfWriting(killed, root));
            List<Path> partial = Verify.tempLeftovers(root);
            assertThat(partial).as("the file exporter-a was writing").isNotEmpty();
            assertThat(uploads.done()).as("uploads finished before exporter-a died").isLessThan(6);
            cluster.startExporter("exporter-b");
            killed.restart();
            uploads.awaitSettled(SETTLE);

            Verify.allLanded(uploads, api);
            Verify.nothingResent(uploads);
            Verify.localSinkHoldsExactly(root, uploads.all());
            // What the crash left is only ever in the temp dir (removed after a day), never at a file's place.
            assertThat(Verify.tempLeftovers(root)).as("temp files after the recovery")
                    .containsExactlyInAnyOrderElementsOf(partial);
        }
    }

    /** The MQTT broker restarts under uploads: devices reconnect and resume from status. */
    @Test
    void shouldFinishEveryUploadWhenTheMqttBrokerRestartsMidUpload(TestInfo test) throws Exception {
        try (Cluster cluster = cluster(test)) {
            cluster.startBroker();
            Cluster.awaitRunning(cluster.startAssembler("assembler"));
            cluster.startExporter("exporter");
            ApiClient api = api(cluster);
            Uploads uploads = Uploads.start(Uploads.roundRobin(devices(cluster, "restart-device", 3),
                    Uploads.randomFiles(dir, "restart", 6, MIN_SIZE, MAX_SIZE, 41), "restart"));

            uploads.awaitConfirmed(0.4);
            cluster.restartBroker();
            uploads.awaitSettled(SETTLE);

            Verify.allLanded(uploads, api);
            for (Uploads.Upload upload : uploads.all()) {
                UploadResult result = Verify.success(upload);
                assertThat(result.reconnects()).as("reconnects of %s", upload).isPositive();
                assertThat(result.bytesResent()).as("resent by %s: at most its window in flight at the restart",
                        upload).isLessThanOrEqualTo((long) Cluster.WINDOW * Cluster.SEGMENT);
            }
            Verify.localSinkHoldsExactly(cluster.localRoot(), uploads.all());
        }
    }

    /** Freezes the exporter when its temp dir has a file; kills it if it still has one (it is mid-write). */
    private static boolean killIfWriting(ServiceProcess exporter, Path root) {
        if (Verify.tempLeftovers(root).stream().noneMatch(ServiceCrashIT::isData)) {
            return false;
        }
        exporter.freeze();
        if (Verify.tempLeftovers(root).stream().anyMatch(ServiceCrashIT::isData)) {
            exporter.kill();
            return true;
        }
        exporter.thaw();
        return false;
    }

    private static boolean isData(Path temp) {
        return temp.getFileName().toString().endsWith(".data") && Files.isRegularFile(temp);
    }

    private Cluster cluster(TestInfo test) {
        return Cluster.create(kafka(), PARTITIONS, dir.resolve("ferry"), test.getTestMethod().orElseThrow().getName(),
                Map.of());
    }

    private static ApiClient api(Cluster cluster) {
        ApiServer server = cluster.startApi("api");
        return new ApiClient("api", server.port());
    }

    private static List<FerryUploader> devices(Cluster cluster, String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> cluster.device(prefix + "-" + i)).toList();
    }

    private void awaitTasksSpread(Cluster cluster, List<String> assemblers) {
        await("tasks spread over " + assemblers).atMost(Duration.ofMinutes(2)).ignoreExceptions()
                .until(() -> Groups.spreadOver(kafka().admin(), cluster.assemblerGroup(), cluster.topics().commands(),
                        PARTITIONS, assemblers));
    }

    /** Two uploads per commands partition, so every assembler task carries some whoever owns it. */
    private List<Uploads.Plan> everyPartitionTwice(List<FerryUploader> devices, String wave, long seed) {
        return perPartition(devices, wave, Uploads.randomFiles(dir, wave, 2 * PARTITIONS, MIN_SIZE, MAX_SIZE, seed));
    }

    /** One small upload per commands partition: enough to show every task works. */
    private List<Uploads.Plan> everyPartitionOnce(List<FerryUploader> devices, String wave, long seed) {
        return perPartition(devices, wave, Uploads.randomFiles(dir, wave, PARTITIONS, 64 * 1024, 256 * 1024, seed));
    }

    private static List<Uploads.Plan> perPartition(List<FerryUploader> devices, String wave, List<Path> files) {
        int each = files.size() / PARTITIONS;
        int[] taken = new int[PARTITIONS];
        List<Uploads.Plan> plans = new ArrayList<>();
        for (int candidate = 0; plans.size() < files.size(); candidate++) {
            FerryUploader device = devices.get(candidate % devices.size());
            String fileId = wave + "-" + candidate;
            int partition = Groups.partitionOf(new TransferId(device.clientId(), fileId)
                    .encodeBytes(), PARTITIONS);
            if (taken[partition] < each) {
                taken[partition]++;
                plans.add(new Uploads.Plan(device, fileId, files.get(plans.size())));
            }
        }
        return plans;
    }
}
