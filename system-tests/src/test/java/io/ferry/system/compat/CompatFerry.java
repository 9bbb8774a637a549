package io.ferry.system.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.Json;
import io.ferry.config.Settings;
import io.ferry.standalone.FerryStandalone;
import io.ferry.testing.TestDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CompatFerry(Path dataDir, FerryStandalone ferry) {
        this.dataDir = dataDir;
        this.ferry = ferry;
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

    /** Every fileId the catalog lists for the client (all pages). */
    List<String> fileIds(String clientId) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json(get("/api/v1/files?limit=1000&clientId=" + enc(clientId)
                    + (cursor == null ? "" : "&cursor=" + enc(cursor))));
            page.get("files").forEach(file -> ids.add(file.get("fileId").asText()));
            JsonNode next = page.get("cursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        return ids;
    }

    /** Waits until the catalog lists the file (the API materializes it from Kafka a moment after fin's answer). */
    void awaitListed(String clientId, String fileId) {
        await("catalog entry " + clientId + "/" + fileId).atMost(CATALOG_LAG).pollInterval(Duration.ofMillis(200))
                .until(() -> fileIds(clientId).contains(fileId));
    }

    JsonNode entry(String clientId, String fileId) {
        return json(get("/api/v1/files/" + enc(clientId) + "/" + enc(fileId)));
    }

    byte[] content(String clientId, String fileId) {
        HttpResponse<byte[]> response = get("/api/v1/files/" + enc(clientId) + "/" + enc(fileId) + "/content");
        if (response.statusCode() != 200) {
            throw new AssertionError("download of " + clientId + "/" + fileId + " answered "
                    + response.statusCode() + ": " + new String(response.body(), UTF_8));
        }
        return response.body();
    }

    private HttpResponse<byte[]> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ferry.httpPort() + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(60)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError(response.request().uri() + " answered " + response.statusCode() + ": "
                    + new String(response.body(), UTF_8));
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, UTF_8).replace("+", "%20");
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
