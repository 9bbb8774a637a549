package io.ferry.system.security;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.FileNames;
import io.ferry.protocol.Json;
import io.ferry.protocol.Sha256;
import io.ferry.config.Settings;
import io.ferry.standalone.FerryStandalone;
import io.ferry.system.Device;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The whole product (FerryStandalone: embedded Kafka, broker with its ingress, assembler, exporter to a local
 * directory, API) in a temporary data directory, with helpers to upload as a device and to call the API.
 */
final class SecuredFerry implements AutoCloseable {
    static final String ADMIN_TOKEN = "security-admin-token";
    static final String READ_TOKEN = "security-read-token";
    private final Path dataDir;
    private final FerryStandalone ferry;
    private final HttpClient http;
    private final String scheme;

    private SecuredFerry(Path dataDir, FerryStandalone ferry, HttpClient http, String scheme) {
        this.dataDir = dataDir;
        this.ferry = ferry;
        this.http = http;
        this.scheme = scheme;
    }

    static SecuredFerry start(Map<String, String> extra) throws IOException {
        return start(extra, HttpClient.newHttpClient());
    }

    /** {@code http} is the client API calls use (an HTTPS-trusting one when the API has a keystore). */
    static SecuredFerry start(Map<String, String> extra, HttpClient http) throws IOException {
        Path dataDir = Files.createTempDirectory("ferry-security");
        Map<String, String> config = new HashMap<>();
        config.put("ferry.data.dir", dataDir.toString());
        config.put("ferry.bind.host", "127.0.0.1");
        config.put("ferry.mqtt.bind.address", "127.0.0.1");
        config.put("ferry.mqtt.port", "0");
        config.put("ferry.http.port", "0");
        config.put("ferry.kafka.port", "0");
        config.put("ferry.kafka.controller.port", "0");
        config.put("ferry.api.token", ADMIN_TOKEN);
        config.put("ferry.api.read.tokens", READ_TOKEN);
        config.put("ferry.assembler.fin.grace", "500ms");
        config.putAll(extra);
        try {
            FerryStandalone ferry = FerryStandalone.start(new Settings(config));
            String scheme = extra.containsKey("ferry.http.tls.keystore") ? "https" : "http";
            return new SecuredFerry(dataDir, ferry, http, scheme);
        } catch (RuntimeException e) {
            TestDirectories.deleteRecursively(dataDir);
            throw e;
        }
    }

    String mqttUri() {
        return "tcp://127.0.0.1:" + ferry.mqttPort();
    }

    FerryStandalone standalone() {
        return ferry;
    }

    Path dataDir() {
        return dataDir;
    }

    Path sinkRoot() {
        return dataDir.resolve("files");
    }

    /** Where the local sink puts a file; escaping is the sink's contract (ExportFile#relativeKey). */
    Path exported(String clientId, String fileId, String name) {
        return sinkRoot().resolve(FileNames.escape(clientId)).resolve(FileNames.escape(fileId)).resolve(name);
    }

    /** Publishes init, the segments in order and fin; returns the fin's response. */
    static JsonNode upload(Device device, String fileId, String name, byte[] data, int segmentSize)
            throws MqttException {
        uploadWithoutFin(device, fileId, name, data, segmentSize, data.length);
        String fin = "$file/" + fileId + "/fin/" + data.length + "/" + Sha256.digest(data).hex();
        device.publish(fin, new byte[0]);
        return device.awaitResponse(fin);
    }

    /** init, then the segments covering [0, upTo). */
    static void uploadWithoutFin(Device device, String fileId, String name, byte[] data, int segmentSize, int upTo)
            throws MqttException {
        String meta = "{\"name\":" + Json.MAPPER.valueToTree(name) + ",\"size\":" + data.length + "}";
        device.publish("$file/" + fileId + "/init", meta.getBytes(UTF_8));
        for (int offset = 0; offset < upTo; offset += segmentSize) {
            device.publish("$file/" + fileId + "/" + offset,
                    Arrays.copyOfRange(data, offset, Math.min(upTo, offset + segmentSize)));
        }
    }

    HttpResponse<byte[]> get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    HttpResponse<byte[]> delete(String path, String token) {
        return send(request(path, token).DELETE().build());
    }

    JsonNode json(String path) throws IOException {
        HttpResponse<byte[]> response = get(path, ADMIN_TOKEN);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
                    + new String(response.body(), UTF_8));
        }
        return Json.MAPPER.readTree(response.body());
    }

    /** The API path of one file (ids URL-encoded as one path segment each). */
    static String filePath(String clientId, String fileId) {
        return "/api/v1/files/" + segment(clientId) + "/" + segment(fileId);
    }

    static String segment(String id) {
        return URLEncoder.encode(id, UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + ferry.httpPort()
                + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
