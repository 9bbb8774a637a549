package io.ferry.system;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ferry's REST API as an operator uses it: catalog entries, listings and downloads, with the admin token (the
 * cluster's unless given). One definition for every system test that reads the catalog.
 */
public final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String name;
    private final int port;
    private final String token;

    ApiClient(String name, int port) {
        this(name, port, Cluster.TOKEN);
    }

    public ApiClient(String name, int port, String token) {
        this.name = name;
        this.port = port;
        this.token = token;
    }

    /** The catalog entry, or empty on 404. */
    public Optional<JsonNode> file(String clientId, String fileId) {
        HttpResponse<byte[]> response = get("/api/v1/files/" + enc(clientId) + "/" + enc(fileId));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(json(response));
    }

    public byte[] content(String clientId, String fileId) {
        HttpResponse<byte[]> response = get("/api/v1/files/" + enc(clientId) + "/" + enc(fileId) + "/content");
        if (response.statusCode() != 200) {
            throw new AssertionError(name + ": download of " + clientId + "/" + fileId + " answered "
                    + response.statusCode() + ": " + new String(response.body(), UTF_8));
        }
        return response.body();
    }

    /** Every fileId the catalog lists for the client (all pages). */
    public List<String> fileIds(String clientId) {
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

    String name() {
        return name;
    }

    private HttpResponse<byte[]> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode json(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError(name + " answered " + response.statusCode() + ": "
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
}
