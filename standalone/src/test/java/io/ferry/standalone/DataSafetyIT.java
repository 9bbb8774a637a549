package io.ferry.standalone;

import static io.ferry.standalone.StandaloneFixture.enc;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 items 1 and 5 on the whole product (real Kafka, broker, assembler, exporter to the local sink, API): a
 * reused fileId is never answered success while the old file stays, a re-upload after an operator's DELETE lands,
 * and an abort racing the export is answered with what really happened.
 */
class DataSafetyIT {
    private static final String TOKEN = "safety-admin-token";
    private static final Duration WAIT = Duration.ofSeconds(90);
    @TempDir
    static Path dataDir;
    @RegisterExtension
    static final StandaloneFixture FERRY = new StandaloneFixture(TOKEN, () -> dataDir);

    /** One device connection and every response it got. */
    private static final class Device implements AutoCloseable {
        final List<JsonNode> responses = new CopyOnWriteArrayList<>();
        final MqttDevice mqtt;

        Device(String clientId) throws Exception {
            mqtt = MqttDevice.connect(5, "tcp://127.0.0.1:" + FERRY.mqttPort(), clientId,
                    json -> responses.add(Json.MAPPER.readTree(json)));
        }

        /** Sends a name-only init, the file in one segment per MiB, and the fin; returns the fin's answer. */
        String upload(String fileId, byte[] data) throws Exception {
            mqtt.publish("$file/" + fileId + "/init", ("{\"name\":\"" + fileId + ".bin\"}").getBytes(UTF_8));
            for (int offset = 0; offset < data.length; offset += 1 << 20) {
                mqtt.publish("$file/" + fileId + "/" + offset,
                        java.util.Arrays.copyOfRange(data, offset, Math.min(data.length, offset + (1 << 20))));
            }
            String fin = "$file/" + fileId + "/fin/" + data.length;
            int before = count(fin);
            mqtt.publish(fin, new byte[0]);
            return answer(fin, before + 1);
        }

        int count(String topic) {
            return (int) responses.stream().filter(r -> r.get("topic").asText().equals(topic)).count();
        }

        /** The reason of the {@code n}-th response (1-based) to {@code topic}, once it arrived. */
        String answer(String topic, int n) {
            await().atMost(WAIT).until(() -> count(topic) >= n);
            return responses.stream().filter(r -> r.get("topic").asText().equals(topic)).skip(n - 1).findFirst()
                    .orElseThrow().get("reason_description").asText();
        }

        @Override
        public void close() throws Exception {
            mqtt.close();
        }
    }

    @Test
    void shouldNotAnswerSuccessForOtherContentUnderAnExportedFileId() throws Exception {
        byte[] first = randomBytes(5_000, 1);
        byte[] second = randomBytes(7_000, 2);
        try (Device device = new Device("reuse-cam")) {
            assertThat(device.upload("log", first)).isEqualTo("success");
            awaitContent("reuse-cam", "log", first);
            // Today's code: init, segment and fin all answer success, and the first file stays.
            assertThat(device.upload("log", second)).isEqualTo("filemeta_conflict");
        }
        assertThat(content("reuse-cam", "log")).contains(first);
    }

    @Test
    void shouldLandAReUploadAfterTheOperatorDeletedTheFile() throws Exception {
        byte[] first = randomBytes(5_000, 3);
        byte[] second = randomBytes(5_000, 4);
        try (Device device = new Device("delete-cam")) {
            assertThat(device.upload("log", first)).isEqualTo("success");
            awaitContent("delete-cam", "log", first);
            assertThat(FERRY.delete("/api/v1/files/delete-cam/log")).isEqualTo(204);
            // The assembler reads the tombstone asynchronously: a status answering "unknown" proves it was seen.
            await().atMost(WAIT).until(() -> {
                int before = device.count("$file/log/status");
                device.mqtt.publish("$file/log/status", new byte[0]);
                device.answer("$file/log/status", before + 1);
                return device.responses.stream().filter(r -> r.get("topic").asText().equals("$file/log/status"))
                        .reduce((a, b) -> b).orElseThrow().get("transfer").get("state").asText().equals("unknown");
            });
            assertThat(device.upload("log", second)).isEqualTo("success");
        }
        awaitContent("delete-cam", "log", second);
    }

    @Test
    void shouldAnswerAnAbortDuringTheExportWithWhatHappenedToTheFile() throws Exception {
        byte[] file = randomBytes(6 << 20, 5);
        try (Device device = new Device("abort-cam")) {
            device.mqtt.publish("$file/big/init", "{\"name\":\"big.bin\"}".getBytes(UTF_8));
            for (int offset = 0; offset < file.length; offset += 1 << 20) {
                device.mqtt.publish("$file/big/" + offset,
                        java.util.Arrays.copyOfRange(file, offset, offset + (1 << 20)));
            }
            device.mqtt.publish("$file/big/fin/" + file.length, new byte[0]);
            device.mqtt.publish("$file/big/abort", new byte[0]);
            String abort = device.answer("$file/big/abort", 1);
            String fin = device.answer("$file/big/fin/" + file.length, 1);
            assertThat(abort).isIn("success", "already_exported");
            if (abort.equals("already_exported")) {
                assertThat(fin).isEqualTo("success");
                awaitContent("abort-cam", "big", file);
            } else {
                assertThat(fin).isNotEqualTo("success");
                // A later upload's answer proves the abort's export outcome was read: the file never appeared.
                assertThat(device.upload("after", randomBytes(10, 6))).isEqualTo("success");
                awaitContent("abort-cam", "after", randomBytes(10, 6));
                assertThat(content("abort-cam", "big")).isEmpty();
            }
        }
    }

    private static void awaitContent(String clientId, String fileId, byte[] expected) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(content(clientId, fileId)).contains(expected));
    }

    private static Optional<byte[]> content(String clientId, String fileId) throws Exception {
        HttpResponse<byte[]> response = FERRY.get("/api/v1/files/" + enc(clientId) + "/" + enc(fileId)
                + "/content", HttpResponse.BodyHandlers.ofByteArray());
        return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
