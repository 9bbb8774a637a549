package io.ferry.service;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.config.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /health} for the background services (broker node, assembler, exporter) so an orchestrator can probe
 * them: 200 while the service works or recovers, 503 only when a restart would help; and, when given a scrape
 * function, {@code GET /metrics} in the Prometheus text format. The JDK's own HTTP server: a probe endpoint does not
 * justify a web framework in every service.
 */
public final class HealthServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 8081;
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /** Starts on {@code ferry.health.port} (default 8081, 0 = any, -1 = disabled); null when disabled. */
    public static HealthServer startIfEnabled(Settings settings, BooleanSupplier healthy) {
        return startIfEnabled(settings, healthy, null);
    }

    /** As {@link #startIfEnabled(Settings, BooleanSupplier)}, also serving {@code metrics} (null: none). */
    public static HealthServer startIfEnabled(Settings settings, BooleanSupplier healthy, Supplier<String> metrics) {
        return startIfEnabled(HealthOptions.fromSettings(settings), healthy, metrics);
    }

    /** Starts as {@code options} say; null when disabled. */
    public static HealthServer startIfEnabled(HealthOptions options, BooleanSupplier healthy,
                                              Supplier<String> metrics) {
        return options.enabled() ? start(options.host(), options.port(), healthy, metrics) : null;
    }

    public static HealthServer start(String host, int port, BooleanSupplier healthy) {
        return start(host, port, healthy, null);
    }

    public static HealthServer start(String host, int port, BooleanSupplier healthy, Supplier<String> metrics) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "ferry-health");
                thread.setDaemon(true);
                return thread;
            }));
            server.createContext("/health", exchange -> respond(exchange, healthy.getAsBoolean()));
            if (metrics != null) {
                server.createContext("/metrics", exchange -> scrape(exchange, metrics));
            }
            server.start();
            return new HealthServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for health probes on port " + port, e);
        }
    }

    private static void respond(HttpExchange exchange, boolean up) throws IOException {
        byte[] body = (up ? "{\"status\":\"up\"}" : "{\"status\":\"down\"}").getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(up ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void scrape(HttpExchange exchange, Supplier<String> metrics) throws IOException {
        byte[] body = metrics.get().getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", PROMETHEUS_TEXT);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
