package io.ferry.client.internal;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Locale;

/** Where the broker is: {@code mqtt://host:1883}, {@code mqtts://host:8883} (also {@code tcp://}, {@code ssl://}). */
public record BrokerAddress(String host, int port, boolean tls) {
    public static final int MQTT_PORT = 1883;
    public static final int MQTTS_PORT = 8883;

    public BrokerAddress {
        requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("broker host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("broker port must be in [1, 65535]: " + port);
        }
    }

    public static BrokerAddress parse(String uri) {
        requireNonNull(uri, "broker");
        String text = uri.contains("://") ? uri : "mqtt://" + uri;
        URI parsed;
        try {
            parsed = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("broker is not a URI: " + uri, e);
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = switch (scheme) {
            case "mqtt", "tcp" -> false;
            case "mqtts", "ssl", "tls" -> true;
            default -> throw new IllegalArgumentException("broker scheme must be mqtt:// or mqtts://: " + uri);
        };
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException("broker has no host: " + uri);
        }
        int port = parsed.getPort() > 0 ? parsed.getPort() : tls ? MQTTS_PORT : MQTT_PORT;
        return new BrokerAddress(parsed.getHost(), port, tls);
    }

    @Override
    public String toString() {
        return (tls ? "mqtts://" : "mqtt://") + host + ":" + port;
    }
}
