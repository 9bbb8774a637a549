package io.ferry.bridge;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The bridge's MQTT connection: one persistent MQTT 5 session per instance.
 *
 * @param clientId      unique per bridge instance; a stable id (e.g. the pod name) lets a restarted instance resume
 *                      its own session
 * @param sessionExpiry how long the broker keeps the session (and its queued commands) while the bridge is away
 * @param inFlight      receive maximum: commands delivered to this bridge and not yet acknowledged
 */
public record MqttConfig(String host, int port, String clientId, String username, String password,
                         Duration sessionExpiry, int inFlight) {
    public static final String DEFAULT_HOST = "localhost";
    public static final int DEFAULT_PORT = 1883;
    public static final String DEFAULT_USERNAME = "ferry-bridge";
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofHours(1);
    public static final int DEFAULT_IN_FLIGHT = 32;

    public MqttConfig {
        requireNonNull(host, "host");
        requireNonNull(clientId, "clientId");
        requireNonNull(username, "username");
        requireNonNull(password, "password");
        requireNonNull(sessionExpiry, "sessionExpiry");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in [1, 65535]: " + port);
        }
        if (clientId.isEmpty()) {
            throw new IllegalArgumentException("clientId must not be empty");
        }
        if (inFlight < 1 || inFlight > 65535) {
            throw new IllegalArgumentException("inFlight must be in [1, 65535]: " + inFlight);
        }
        if (sessionExpiry.isNegative() || sessionExpiry.getSeconds() > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("sessionExpiry out of range: " + sessionExpiry);
        }
    }

    public static String randomClientId() {
        return "ferry-bridge-" + java.util.UUID.randomUUID().toString().substring(0, 13);
    }

    public MqttConfig withClientId(String newClientId) {
        return new MqttConfig(host, port, newClientId, username, password, sessionExpiry, inFlight);
    }

    @Override
    public String toString() {
        return "MqttConfig[host=" + host + ", port=" + port + ", clientId=" + clientId + ", username=" + username
                + ", password=******, sessionExpiry=" + sessionExpiry + ", inFlight=" + inFlight + "]";
    }
}
