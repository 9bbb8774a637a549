package io.ferry.system.compat;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.config.Settings;
import io.ferry.standalone.FerryStandalone;
import io.ferry.system.ApiClient;
import io.ferry.testing.TestDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole product in this JVM (FerryStandalone with its defaults: what `./ferry run` starts, on free ports) and
 * its REST API as an operator calls it with the admin token. Black box: tests see only MQTT and HTTP.
 */
final class CompatFerry implements AutoCloseable {
    private static final String TOKEN = "compat-admin-token";
    private static final Duration CATALOG_LAG = Duration.ofSeconds(60);
    private final Path dataDir;
    private final FerryStandalone ferry;
    private final ApiClient api;

    private CompatFerry(Path dataDir, FerryStandalone ferry) {
        this.dataDir = dataDir;
        this.ferry = ferry;
        this.api = new ApiClient("ferry", ferry.httpPort(), TOKEN);
    }

    static CompatFerry start() throws IOException {
        Path dataDir = Files.createTempDirectory("ferry-compat");
        Map<String, String> config = new HashMap<>();
        config.put("ferry.data.dir", dataDir.toString());
        config.put("ferry.mqtt.port", "0");
        config.put("ferry.http.port", "0");
        config.put("ferry.kafka.port", "0");
        config.put("ferry.kafka.controller.port", "0");
        config.put("ferry.api.token", TOKEN);
        try {
            return new CompatFerry(dataDir, FerryStandalone.start(new Settings(config)));
        } catch (RuntimeException e) {
            TestDirectories.deleteRecursively(dataDir);
            throw e;
        }
    }

    int mqttPort() {
        return ferry.mqttPort();
    }

    String mqttUrl() {
        return "mqtt://127.0.0.1:" + ferry.mqttPort();
    }

    /** Waits until the catalog lists the file (the API materializes it from Kafka a moment after fin's answer). */
    void awaitListed(String clientId, String fileId) {
        await("catalog entry " + clientId + "/" + fileId).atMost(CATALOG_LAG).pollInterval(Duration.ofMillis(200))
                .until(() -> api.fileIds(clientId).contains(fileId));
    }

    JsonNode entry(String clientId, String fileId) {
        return api.file(clientId, fileId).orElseThrow(() ->
                new AssertionError("no catalog entry " + clientId + "/" + fileId));
    }

    byte[] content(String clientId, String fileId) {
        return api.content(clientId, fileId);
    }

    @Override
    public void close() {
        try {
            ferry.close();
        } finally {
            TestDirectories.deleteRecursively(dataDir);
        }
    }
}
