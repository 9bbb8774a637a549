package io.ferry.system.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.protocol.Sha256;
import io.ferry.testing.RawMqttClient;
import io.ferry.testing.RawMqttClient.Puback;
import io.ferry.testing.RawMqttClient.Version;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A device that writes a whole upload back-to-back (init, 256 QoS 1 segments of 16 KiB, fin) without waiting for any
 * PUBACK and without looking at the server's Receive Maximum, as EMQX's Node.js example and many embedded clients
 * do. EMQX accepts that; so must Ferry: every PUBACK arrives (with reason code 0 on MQTT 5), the connection stays
 * up, and the file is behind the API byte-exact.
 */
class PipeliningClientIT {
    private static final int SEGMENTS = 256;
    private static final int SEGMENT_SIZE = 16 * 1024;
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(2);
    private static CompatFerry ferry;

    @BeforeAll
    static void startFerry() throws IOException {
        ferry = CompatFerry.start();
    }

    @AfterAll
    static void stopFerry() {
        if (ferry != null) {
            ferry.close();
        }
    }

    @Test
    void shouldAckEverySegmentAndKeepConnectionWhenMqtt5ClientIgnoresReceiveMaximum() throws Exception {
        uploadPipelined(Version.V5);
    }

    @Test
    void shouldAckEverySegmentAndKeepConnectionWhenMqtt311ClientPipelinesSegments() throws Exception {
        uploadPipelined(Version.V3_1_1);
    }

    private void uploadPipelined(Version version) throws IOException {
        String clientId = "pipelining-" + version.name().toLowerCase() + "-" + UUID.randomUUID().toString()
                .substring(0, 8);
        String fileId = "pipelined-" + UUID.randomUUID();
        byte[] data = new byte[SEGMENTS * SEGMENT_SIZE];
        new Random(42).nextBytes(data);
        String sha256 = Sha256.digest(data).hex();

        try (RawMqttClient client = RawMqttClient.connect("127.0.0.1", ferry.mqttPort(), clientId, version)) {
            client.subscribe("$file-response/" + clientId);
            List<Integer> packetIds = new ArrayList<>();
            String init = "{\"name\":\"pipelined.bin\",\"size\":" + data.length + "}";
            packetIds.add(client.publishQos1("$file/" + fileId + "/init", init.getBytes(UTF_8)));
            for (int offset = 0; offset < data.length; offset += SEGMENT_SIZE) {
                packetIds.add(client.publishQos1("$file/" + fileId + "/" + offset,
                        Arrays.copyOfRange(data, offset, offset + SEGMENT_SIZE)));
            }
            packetIds.add(client.publishQos1("$file/" + fileId + "/fin/" + data.length + "/" + sha256, new byte[0]));

            // ends early, with the evidence, when the server drops the connection
            await("PUBACKs for all " + packetIds.size() + " publishes").atMost(UPLOAD_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> client.pubacks().size() == packetIds.size() || client.connectionLost());

            String state = describe(client, packetIds.size());
            assertThat(client.disconnects()).as(state).isEmpty();
            assertThat(client.connectionLost()).as(state).isFalse();
            Map<Integer, Puback> pubacks = client.pubacks();
            assertThat(pubacks.keySet()).as(state).containsExactlyInAnyOrderElementsOf(packetIds);
            assertThat(pubacks.values()).as(state).allSatisfy(puback ->
                    assertThat(puback.reasonCode()).as("%s", puback).isZero());
        }

        ferry.awaitListed(clientId, fileId);
        byte[] content = ferry.content(clientId, fileId);
        assertThat(Sha256.digest(content).hex()).as("SHA-256 of the %d bytes downloaded", content.length)
                .isEqualTo(sha256);
        assertThat(content).isEqualTo(data);
    }

    /** For failure messages: how far the upload got and what the server said. */
    private static String describe(RawMqttClient client, int published) {
        Map<Integer, Puback> pubacks = client.pubacks();
        List<Puback> notSuccess = pubacks.values().stream().filter(puback -> puback.reasonCode() != 0).toList();
        return "MQTT " + client.connack() + ": " + pubacks.size() + " of " + published + " PUBACKs, "
                + "non-zero: " + notSuccess.stream().limit(5).toList() + " (" + notSuccess.size() + "); "
                + "DISCONNECT from server: " + client.disconnects() + "; connection lost: " + client.connectionEnd()
                + "; responses: " + client.messages().stream().map(RawMqttClient.Message::payloadText).toList();
    }
}
