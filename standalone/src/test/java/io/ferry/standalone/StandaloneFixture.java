package io.ferry.standalone;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.Json;
import io.ferry.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole product in this JVM for one test class (every port free-chosen), and its HTTP API called with the
 * admin token: {@code @RegisterExtension static final StandaloneFixture FERRY = new StandaloneFixture(TOKEN,
 * () -> dataDir);} next to {@code @TempDir static Path dataDir}. The data dir is a supplier because JUnit fills
 * the {@code @TempDir} field only just before this starts Ferry.
 */
final class StandaloneFixture implements BeforeAllCallback, AfterAllCallback {
    private final String token;
    private final Supplier<Path> dataDir;
    private final Supplier<Map<String, String>> extra;
    private final HttpClient http = HttpClient.newHttpClient();
    private FerryStandalone ferry;

    StandaloneFixture(String token, Supplier<Path> dataDir) {
        this(token, dataDir, Map::of);
    }

    /** @param extra further settings, read when Ferry starts (after JUnit filled the {@code @TempDir} fields) */
    StandaloneFixture(String token, Supplier<Path> dataDir, Supplier<Map<String, String>> extra) {
        this.token = token;
        this.dataDir = dataDir;
        this.extra = extra;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Map<String, String> config = new HashMap<>();
        config.put("ferry.data.dir", dataDir.get().toString());
        config.put("ferry.mqtt.port", "0");
        config.put("ferry.http.port", "0");
        config.put("ferry.kafka.port", "0");
        config.put("ferry.kafka.controller.port", "0");
        config.put("ferry.api.token", token);
        config.putAll(extra.get());
        ferry = FerryStandalone.start(new Settings(config));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (ferry != null) {
            ferry.close();
        }
    }

    int mqttPort() {
        return ferry.mqttPort();
    }

    int httpPort() {
        return ferry.httpPort();
    }

    void restartBroker() {
        ferry.restartBroker();
    }

    /** GETs {@code path} with the admin token. */
    <T> HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        return http.send(request(path).build(), body);
    }

    /** GETs {@code path} with the admin token, asserting 200 (the body is the failure message). */
    JsonNode getJson(String path) throws Exception {
        HttpResponse<byte[]> response = get(path, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), UTF_8)).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    /** DELETEs {@code path} with the admin token; returns the status code. */
    int delete(String path) throws IOException, InterruptedException {
        return http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ferry.httpPort() + path))
                .header("Authorization", "Bearer " + token);
    }

    /** One path segment, percent-encoded (a space as %20, not +). */
    static String enc(String value) {
        return URLEncoder.encode(value, UTF_8).replace("+", "%20");
    }
}
