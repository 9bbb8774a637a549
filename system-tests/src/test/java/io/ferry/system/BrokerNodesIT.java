package io.ferry.system;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.assembler.Assembler;
import io.ferry.client.FerryUploader;
import io.ferry.client.UploadResult;
import io.ferry.protocol.Sha256;
import io.ferry.testing.TcpBalancer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several broker nodes behind a load balancer against one Kafka: three nodes ({@code BrokerMain} in child JVMs),
 * each its own MQTT listener writing devices' commands to Kafka and delivering responses to the devices connected to
 * it, behind a round-robin TCP balancer; one assembler, exporter and API. Devices may be on any node, move to any
 * other after a crash, and get their pending responses wherever they reconnect.
 */
class BrokerNodesIT {
    private static final int PARTITIONS = 4;
    private static final List<String> NODES = List.of("node-1", "node-2", "node-3");
    private static final Duration SETTLE = Duration.ofMinutes(2);

    @RegisterExtension
    static final SharedKafka SHARED = new SharedKafka();

    @TempDir
    static Path dir;

    private static Cluster cluster;
    private static List<ServiceProcess> nodes;
    private static TcpBalancer balancer;
    private static ApiClient api;

    @BeforeAll
    static void startNodes() {
        cluster = Cluster.create(SHARED.fixture(), PARTITIONS, dir.resolve("ferry"), "BrokerNodesIT", Map.of());
        // Streams gets to RUNNING while the nodes start.
        Assembler assembler = cluster.startAssembler("assembler");
        cluster.startExporter("exporter");
        api = new ApiClient("api", cluster.startApi("api").port());
        nodes = cluster.spawnBrokers(NODES);
        balancer = cluster.balancer("balancer", NODES.stream().map(cluster::mqttPort).toList());
        Cluster.awaitRunning(assembler);
    }

    @AfterAll
    static void stopNodes() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldLandEveryFileByteExactWhenDevicesUploadConcurrentlyThroughThreeNodes() {
        List<FerryUploader> devices = IntStream.range(0, 6)
                .mapToObj(i -> cluster.device("spread-device-" + i, balancer.port())).toList();
        List<String> clientIds = devices.stream().map(FerryUploader::clientId).toList();
        Uploads uploads = Uploads.start(Uploads.roundRobin(devices,
                Uploads.randomFiles(dir, "spread", 12, 64 * 1024, 1024 * 1024, 81), "spread"));

        uploads.awaitSettled(SETTLE);

        Verify.allLanded(uploads, api);
        Verify.nothingResent(uploads);
        Verify.catalogListsExactly(api, uploads.all());
        Verify.localSinkHoldsExactlyForTheirClients(cluster.localRoot(), uploads.all());
        assertThat(clientIds).allSatisfy(id -> assertThat(balancer.routes(id)).as("connections of %s", id)
                .hasSize(1));
        assertThat(balancer.nodesUsedBy(clientIds)).as("nodes the devices uploaded through")
                .containsExactlyInAnyOrderElementsOf(NODES.stream().map(cluster::mqttPort).toList());
    }

    @Test
    void shouldFinishOnAnotherNodeWhenTheNodeTheDeviceUploadsThroughIsKilled() throws Exception {
        FerryUploader device = cluster.device("failover-device", balancer.port());
        Path file = Uploads.randomFile(dir, "failover.bin", 10 * 1024 * 1024, 91);
        Uploads uploads = Uploads.start(List.of(new Uploads.Plan(device, "failover", file)));
        Uploads.Upload upload = uploads.all().get(0);

        uploads.awaitConfirmed(0.3);
        int killedPort = balancer.nodeOf(device.clientId());
        ServiceProcess killed = node(killedPort);
        try {
            killed.kill();
            assertThat(upload.isDone()).as("upload finished before %s died", killed.name()).isFalse();
            uploads.awaitSettled(SETTLE);

            Verify.landed(upload, api);
            Verify.resentAtMostTheWindow(upload);
            UploadResult result = Verify.success(upload);
            assertThat(result.reconnects()).as("reconnects of %s", upload).isPositive();
            List<Integer> routes = balancer.routes(device.clientId());
            assertThat(routes).as("nodes of %s, %s killed", device.clientId(), killed.name()).hasSizeGreaterThan(1)
                    .startsWith(killedPort);
            assertThat(routes.get(routes.size() - 1)).as("node that finished the upload").isNotEqualTo(killedPort);
            Verify.catalogListsExactly(api, uploads.all());
            Verify.localSinkHoldsExactlyForTheirClients(cluster.localRoot(), uploads.all());
        } finally {
            if (!killed.isAlive()) {
                killed.restart();
            }
        }
    }

    @Test
    void shouldDeliverTheFinResultOnAnotherNodeWhenTheDeviceMovesThereRightAfterFin() throws Exception {
        String clientId = "moving-device";
        String fileId = "moved";
        byte[] data = new byte[300_000];
        new Random(101).nextBytes(data);
        String fin = "$file/" + fileId + "/fin/" + data.length + "/" + Sha256.digest(data).hex();
        int first = cluster.mqttPort(NODES.get(0));
        int second = cluster.mqttPort(NODES.get(1));

        Device onFirst = device(first, clientId);
        try {
            publishAcked(onFirst, "$file/" + fileId + "/init",
                    ("{\"name\":\"moved.bin\",\"size\":" + data.length + "}").getBytes(UTF_8));
            for (int offset = 0; offset < data.length; offset += 100_000) {
                publishAcked(onFirst, "$file/" + fileId + "/" + offset,
                        Arrays.copyOfRange(data, offset, offset + 100_000));
            }
            // This node delivers the answers of its own device: the segments' answers come back here.
            onFirst.awaitResponse("$file/" + fileId + "/200000");
            publishAcked(onFirst, fin, new byte[0]);
        } finally {
            // Gone the moment the fin is in Kafka; its result is produced only after the file was exported.
            onFirst.close();
        }
        assertThat(onFirst.response(fin)).as("fin result on the first node before the device left (nothing to move)")
                .isEmpty();
        try (Device onSecond = device(second, clientId)) {
            JsonNode result = onSecond.awaitResponse(fin);

            assertThat(result.path("topic").asText()).isEqualTo(fin);
            assertThat(result.path("reason_code").asInt()).as(result.toString()).isZero();
        }
        assertThat(api.fileIds(clientId)).as("catalog of %s", clientId).containsExactly(fileId);
        Verify.sameBytes(api.content(clientId, fileId), data, "download of " + clientId + "/" + fileId);
    }

    private static ServiceProcess node(int port) {
        return nodes.stream().filter(n -> cluster.mqttPort(n.name()) == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node on port " + port));
    }

    private static Device device(int port, String clientId) throws MqttException {
        return Device.connect("tcp://127.0.0.1:" + port, clientId);
    }

    /** QoS 1; returns once the PUBACK came, i.e. once the node has the command in Kafka. */
    private static void publishAcked(Device device, String topic, byte[] payload) throws MqttException {
        assertThat(device.publish(topic, payload)).as("PUBACK of %s", topic).isLessThan(0x80);
    }
}
