package io.ferry.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.Json;
import io.ferry.records.Topics;
import io.ferry.records.TransferId;
import io.ferry.testing.MutableClock;
import io.ferry.storage.FileStores;
import io.ferry.storage.LocalStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on a free port over an in-memory catalog, a local store under a temp dir and a recording
 * catalog writer: the handlers under test with nothing else replaced.
 */
final class ApiHarness implements AutoCloseable {
    static final String ADMIN = "admin-token-0123456789";
    static final String READER = "read-token-0123456789";
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    final CatalogIndex catalog = new CatalogIndex();
    final MutableClock clock = new MutableClock(NOW, ZoneOffset.ofHours(2));
    final List<TransferId> tombstones = new CopyOnWriteArrayList<>();
    final ApiMetrics metrics = ApiMetrics.create();
    final Path root;
    private final ApiServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    ApiHarness(Path root) {
        this.root = root;
        catalog.markReady();
        ApiConfig config = config(root);
        ApiApp.Services services = new ApiApp.Services(catalog,
                new FileStores(List.of(new LocalStore(root))), tombstones::add,
                new Tokens(ADMIN, List.of(READER)), SignedLinks.create("secret", Duration.ofMinutes(2), clock),
                metrics, clock, Duration.ofSeconds(60), true);
        server = new ApiServer(config, services, List.of()).startHttp();
    }

    static ApiConfig config(Path root) {
        return new ApiConfig("127.0.0.1", 0, ADMIN, List.of(READER), "localhost:1", Topics.defaults(),
                Duration.ofSeconds(60), Map.of(), Map.of(), root, null, true, "secret", Duration.ofMinutes(2));
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
    }

    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> get(String path, String token, String... headers) {
        HttpRequest.Builder builder = request(path).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder.build());
    }

    HttpResponse<byte[]> method(String method, String path, String token) {
        HttpRequest.Builder builder = request(path).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return send(builder.build());
    }

    /** An answer read off a raw socket: status code and JSON body. */
    record Raw(int status, JsonNode body) {
    }

    /**
     * GET with {@code target} sent byte for byte (HTTP/1.0, so the body is not chunked): java.net.URI refuses
     * malformed escapes such as {@code %%}, which is exactly what some tests must send.
     */
    Raw raw(String target, String token) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            String request = "GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), UTF_8);
            int status = Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            return new Raw(status, body.isEmpty() ? null : Json.MAPPER.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode getJson(String path, String token) {
        HttpResponse<byte[]> response = get(path, token);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " -> " + response.statusCode() + " " + text(response));
        }
        return json(response);
    }

    static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), UTF_8);
    }

    static String path(String clientId, String fileId) {
        return "/api/v1/files/" + HttpText.pathSegment(clientId) + "/" + HttpText.pathSegment(fileId);
    }

    @Override
    public void close() {
        server.close();
    }
}
