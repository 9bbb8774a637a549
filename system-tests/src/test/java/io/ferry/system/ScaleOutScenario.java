package io.ferry.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.assembler.Assembler;
import io.ferry.broker.FerryBroker;
import io.ferry.client.FerryUploader;
import io.ferry.exporter.Exporter;
import io.ferry.records.TopicAdmin;
import io.ferry.records.Topics;
import io.ferry.testing.KafkaFixture;
import io.ferry.testing.TcpBalancer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;

/**
 * "Deploy and scale out": two broker nodes behind a TCP load balancer (one in this JVM, one a child JVM), two
 * assembler instances (one Streams application, own state dirs), two exporters (one group) and two API servers
 * against one single-broker Kafka. Fifty concurrent uploads from ten device connections land byte-exact behind both
 * APIs with the work spread over every instance; then one instance of each kind is stopped while a second wave is on
 * the way: the devices of the stopped broker node reconnect through the balancer to the other one, and the survivors
 * finish the wave without losing a byte. The Kafka is given, so that the same scenario runs in-process
 * ({@link ScaleOutIT}) and against the container image the deployment uses ({@link ScaleOutDockerIT}).
 */
final class ScaleOutScenario {
    private static final int PARTITIONS = 4;
    private static final int DEVICES = 10;
    private static final int UPLOADS = 50;
    private static final int MIN_SIZE = 16 * 1024;
    private static final int MAX_SIZE = 1024 * 1024;
    private static final List<String> ASSEMBLERS = List.of("assembler-1", "assembler-2");
    private static final List<String> EXPORTERS = List.of("exporter-1", "exporter-2");
    private static final String SPAWNED_BROKER = "broker-2";

    private final String bootstrapServers;
    private final Admin admin;
    private final Path dir;
    private final String testName;

    /**
     * @param bootstrapServers a single-broker Kafka whose settings allow {@link Cluster}'s short timeouts (see
     *                         {@link SharedKafka#BROKER_PROPERTIES})
     * @param admin            an admin client of that Kafka
     * @param dir              an empty directory for the services' state, exported files and the upload sources
     * @param testName         names the directory of child JVM logs
     */
    ScaleOutScenario(String bootstrapServers, Admin admin, Path dir, String testName) {
        this.bootstrapServers = bootstrapServers;
        this.admin = admin;
        this.dir = dir;
        this.testName = testName;
    }

    void run() throws Exception {
        try (Cluster cluster = Cluster.create(bootstrapServers, newTopics(), dir.resolve("ferry"), testName,
                Map.of())) {
            FerryBroker broker1 = cluster.startBroker();
            cluster.spawnBroker(SPAWNED_BROKER);
            int port1 = cluster.mqttPort();
            int port2 = cluster.mqttPort(SPAWNED_BROKER);
            TcpBalancer balancer = cluster.balancer("balancer", List.of(port1, port2));
            Assembler assembler1 = cluster.startAssembler("assembler-1");
            Assembler assembler2 = cluster.startAssembler("assembler-2");
            Exporter exporter1 = cluster.startExporter("exporter-1");
            Exporter exporter2 = cluster.startExporter("exporter-2");
            ApiClient api1 = new ApiClient("api-1", cluster.startApi("api-1").port());
            ApiClient api2 = new ApiClient("api-2", cluster.startApi("api-2").port());
            awaitSpread(cluster);
            Map<String, Set<Integer>> tasks = Groups.owners(admin, cluster.assemblerGroup(),
                    cluster.topics().commands(), ASSEMBLERS);
            List<FerryUploader> devices = IntStream.range(0, DEVICES)
                    .mapToObj(i -> cluster.device("scale-device-" + i, balancer.port())).toList();
            List<String> clientIds = devices.stream().map(FerryUploader::clientId).toList();

            Uploads first = Uploads.start(Uploads.roundRobin(devices,
                    Uploads.randomFiles(dir, "first", UPLOADS, MIN_SIZE, MAX_SIZE, 1), "first"));
            first.awaitSettled(Duration.ofMinutes(4));

            Verify.allLanded(first, api1, api2);
            Verify.nothingResent(first);
            // Each device kept one connection to one node; every upload of the devices on either node landed.
            assertThat(clientIds).allSatisfy(id -> assertThat(balancer.routes(id)).as("connections of %s", id)
                    .hasSize(1));
            assertThat(balancer.nodesUsedBy(clientIds)).as("broker nodes the devices used")
                    .containsExactlyInAnyOrder(port1, port2);
            assertThat(broker1.ingress().accepted()).as("commands the in-process node wrote to Kafka").isPositive();
            assertThat(List.of(exporter1.stats().exported(), exporter2.stats().exported()))
                    .as("files exported per exporter").allSatisfy(exported -> assertThat(exported).isPositive());
            Set<Integer> used = first.all().stream().map(u -> u.partition(PARTITIONS)).collect(Collectors.toSet());
            assertThat(tasks).as("commands partitions (tasks) per assembler instance, uploads used %s", used)
                    .allSatisfy((name, owned) -> assertThat(owned).containsAnyElementsOf(used));
            assertThat(assembler1.isRunning() && assembler2.isRunning()).isTrue();

            List<String> moved = clientIds.stream().filter(id -> balancer.nodeOf(id) == port1).toList();
            Uploads second = secondWaveWhileOneOfEachKindStops(cluster, devices);
            Verify.allLanded(second, api2);
            for (Uploads.Upload upload : second.all()) {
                if (moved.contains(upload.clientId)) {
                    Verify.resentAtMostTheWindow(upload);
                } else {
                    Verify.nothingResent(upload);
                }
            }
            // Only the stopped node's devices reconnected, all of them to the other node, some mid-upload.
            List<Uploads.Upload> reconnected = second.all().stream()
                    .filter(u -> Verify.success(u).reconnects() > 0).toList();
            assertThat(reconnected).as("uploads that moved to %s mid-upload", SPAWNED_BROKER).isNotEmpty()
                    .allSatisfy(u -> {
                        assertThat(moved).contains(u.clientId);
                        assertThat(balancer.nodeOf(u.clientId)).as("node of %s now", u.clientId).isEqualTo(port2);
                    });
            List<Uploads.Upload> everything = new ArrayList<>(first.all());
            everything.addAll(second.all());
            Verify.catalogListsExactly(api2, everything);
            Verify.localSinkHoldsExactly(cluster.localRoot(), everything);
            assertThat(Verify.tempLeftovers(cluster.localRoot())).as("temporary files left").isEmpty();
            assertThat(Groups.owners(admin, cluster.assemblerGroup(), cluster.topics().commands(),
                    List.of("assembler-2")).get("assembler-2")).as("tasks of the surviving assembler").hasSize(
                    PARTITIONS);
        }
    }

    /** Fresh topics made by Ferry's own {@link TopicAdmin}, as a deployment makes them (one broker: replication 1). */
    private Topics newTopics() {
        Topics topics = Topics.withPrefix(KafkaFixture.uniqueId("scale-out") + ".");
        TopicAdmin.ensureTopics(admin, topics, PARTITIONS, (short) 1);
        return topics;
    }

    private void awaitSpread(Cluster cluster) {
        await("work spread over both assemblers and both exporters").atMost(Duration.ofMinutes(2))
                .ignoreExceptions().until(() -> Groups.spreadOver(admin, cluster.assemblerGroup(),
                        cluster.topics().commands(), PARTITIONS, ASSEMBLERS)
                        && Groups.spreadOver(admin, cluster.exporterGroup(), cluster.topics().ready(),
                        PARTITIONS, EXPORTERS));
    }

    private Uploads secondWaveWhileOneOfEachKindStops(Cluster cluster, List<FerryUploader> devices)
            throws Exception {
        Uploads second = Uploads.start(Uploads.roundRobin(devices,
                Uploads.randomFiles(dir, "second", UPLOADS, MIN_SIZE, MAX_SIZE, 2), "second"));
        second.awaitConfirmed(0.3);
        assertThat(second.done()).as("uploads finished before the stops").isLessThan(UPLOADS);
        CompletableFuture<Void> stops = CompletableFuture.runAsync(() -> stopOneOfEach(cluster));
        second.awaitSettled(Duration.ofMinutes(4));
        stops.get(2, TimeUnit.MINUTES);
        return second;
    }

    /** Graceful stops, as a rolling deployment or a scale-in does them, while uploads keep coming. */
    private static void stopOneOfEach(Cluster cluster) {
        try {
            cluster.stop(Cluster.IN_PROCESS_BROKER);
            cluster.stop("assembler-1");
            cluster.stop("exporter-1");
            cluster.stop("api-1");
        } catch (Exception e) {
            throw new IllegalStateException("stopping one instance of each kind failed", e);
        }
    }
}
