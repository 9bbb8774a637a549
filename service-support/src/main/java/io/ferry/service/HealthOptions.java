package io.ferry.service;

import static java.util.Objects.requireNonNull;

import io.ferry.config.Listener;
import io.ferry.config.SettingGroup;
import io.ferry.config.Settings;

/**
 * Where a background service serves {@code /health} and {@code /metrics}. Read with the rest of a service's
 * configuration, before anything starts, so a bad port is exit 2 naming {@code ferry.health.port}.
 *
 * @param host interface to bind
 * @param port the port; 0 = any free port, -1 = disabled
 */
public record HealthOptions(String host, int port) {
    public static final Listener LISTENER = Listener.of("ferry.health", "health and metrics endpoint of the broker"
            + " node, assembler and exporter", HealthServer.DEFAULT_PORT, true);
    public static final SettingGroup GROUP = SettingGroup.of("Health endpoint",
            "`GET /health` and `GET /metrics` (Prometheus) of the broker node, assembler and exporter"
            + " (docs/operations.md \"Health endpoints\"). The API serves both on its own HTTP port.",
            LISTENER.host(), LISTENER.port());

    public HealthOptions {
        requireNonNull(host, "host");
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("port must be in [-1, 65535]: " + port);
        }
    }

    /** Reads {@code ferry.health.*}; throws {@link io.ferry.config.ConfigException} naming bad keys. */
    public static HealthOptions fromSettings(Settings settings) {
        int port = settings.get(LISTENER.port());
        String host = settings.get(LISTENER.host());
        settings.validate();
        return new HealthOptions(host, port);
    }

    public boolean enabled() {
        return port >= 0;
    }
}
