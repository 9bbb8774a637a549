package io.ferry.standalone;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.Json;
import io.ferry.protocol.Sha256;
import io.ferry.config.Settings;
import io.ferry.testing.S3ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ./ferry run} configured only by the operator variables of the README: {@code FERRY_SINKS} with a directory
 * and an S3 location at once, and {@code FERRY_S3_*} pointing at a real S3-compatible server (a child JVM).
 */
class StandaloneSinksIT {
    private static final String TOKEN = "sinks-admin-token";
    @TempDir
    Path dir;

    @Test
    void shouldLandTheFileInTheDirectoryAndInS3WhenFerrySinksNamesBoth() throws Exception {
        try (S3ServerProcess s3 = S3ServerProcess.start(Files.createDirectories(dir.resolve("s3")))) {
            s3.createBucket("uploads");
            Path files = dir.resolve("landed");
            Map<String, String> env = new HashMap<>();
            env.put("FERRY_SINKS", files.toUri() + ",s3://uploads/ferry/in");
            env.put("FERRY_S3_ENDPOINT", s3.endpoint().toString());
            env.put("FERRY_S3_REGION", S3ServerProcess.REGION);
            env.put("FERRY_S3_ACCESS_KEY", S3ServerProcess.ACCESS_KEY);
            env.put("FERRY_S3_SECRET_KEY", S3ServerProcess.SECRET_KEY);
            env.put("FERRY_S3_PATH_STYLE", "true");
            env.put("FERRY_DATA_DIR", dir.resolve("data").toString());
            env.put("FERRY_MQTT_PORT", "0");
            env.put("FERRY_HTTP_PORT", "0");
            env.put("FERRY_KAFKA_PORT", "0");
            env.put("FERRY_KAFKA_CONTROLLER_PORT", "0");
            env.put("FERRY_API_TOKEN", TOKEN);
            byte[] content = new byte[700_000];
            new Random(18).nextBytes(content);
            String sha = Sha256.digest(content).hex();

            try (FerryStandalone ferry = FerryStandalone.start(new Settings(Settings.fromEnvironment(env)))) {
                upload(ferry, "cam-s3", "both-1", content, sha);
                JsonNode file = awaitListed(ferry, "cam-s3");

                assertThat(file.get("sha256").asText()).isEqualTo(sha);
                assertThat(file.get("locations").findValuesAsText("sink")).containsExactly("local", "s3");
                assertThat(Files.readAllBytes(files.resolve("cam-s3").resolve("both-1").resolve("both.bin")))
                        .isEqualTo(content);
                try (S3Client client = s3.client()) {
                    byte[] object = client.getObjectAsBytes(r -> r.bucket("uploads")
                            .key("ferry/in/cam-s3/both-1/both.bin")).asByteArray();
                    assertThat(Sha256.digest(object).hex()).isEqualTo(sha);
                }
            }
        }
    }

    private static void upload(FerryStandalone ferry, String clientId, String fileId, byte[] content, String sha)
            throws Exception {
        List<String> responses = new CopyOnWriteArrayList<>();
        try (MqttDevice device = MqttDevice.connect(5, "tcp://127.0.0.1:" + ferry.mqttPort(), clientId,
                json -> responses.add(new String(json, UTF_8)))) {
            device.publish("$file/" + fileId + "/init", ("{\"name\":\"both.bin\",\"size\":" + content.length
                    + ",\"checksum\":\"" + sha + "\"}").getBytes(UTF_8));
            device.publish("$file/" + fileId + "/0", content);
            device.publish("$file/" + fileId + "/fin/" + content.length, new byte[0]);
            await().atMost(Duration.ofSeconds(90)).until(() -> responses.stream().anyMatch(r -> r.contains("/fin/")));
        }
        assertThat(responses).allSatisfy(r -> assertThat(r).contains("\"reason_code\":0"));
    }

    private static JsonNode awaitListed(FerryStandalone ferry, String clientId) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ferry.httpPort()
                + "/api/v1/files?clientId=" + clientId)).header("Authorization", "Bearer " + TOKEN).build();
        return await().atMost(Duration.ofSeconds(90)).until(() -> {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode files = Json.MAPPER.readTree(response.body()).get("files");
            return files != null && files.size() == 1 ? files.get(0) : null;
        }, file -> file != null);
    }
}
