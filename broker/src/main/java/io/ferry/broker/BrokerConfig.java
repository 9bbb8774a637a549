package io.ferry.broker;

import static java.util.Objects.requireNonNull;

import io.ferry.broker.auth.AuthSettings;
import io.ferry.records.Topics;
import io.ferry.config.Settings;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The embedded broker: its MQTT listener, where HiveMQ keeps its data, its limits, and the extension's settings.
 *
 * @param port              MQTT TCP port; 0 picks a free port, reported by {@link FerryBroker#port()}
 * @param maxPacketSize     largest MQTT packet accepted; keep it above the ingress's max segment size so an
 *                          oversized segment gets a {@code segment_too_large} answer rather than a disconnect
 * @param maxQueuedMessages HiveMQ's per-client queue limit (strategy discard): Ferry's responses to a device wait
 *                          there while the device has its own receive maximum in flight, so it must stay above the
 *                          responses a device can have outstanding (an SDK window of 1,024 segments needs 1,024;
 *                          measured: 1,000 discarded responses and cut 4 KiB uploads to a tenth). Commands never
 *                          wait in a HiveMQ queue
 * @param inMemory          HiveMQ's in-memory persistence instead of its file persistence (sessions of non-Ferry
 *                          traffic would not survive a broker restart; Ferry's data is in Kafka either way)
 * @param tls               an additional MQTT-over-TLS listener, or null for the plain listener only
 */
public record BrokerConfig(int port, String bindAddress, Path dataDir, int maxPacketSize, long maxQueuedMessages,
                           boolean inMemory, ExtensionConfig extension, MqttTlsConfig tls) {
    public static final int DEFAULT_PORT = 1883;
    public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
    public static final String DEFAULT_DATA_DIR = "data/broker";
    /** 16 MiB segments (the ingress's default limit) plus headroom so slightly larger ones get an answer. */
    public static final int DEFAULT_MAX_PACKET_SIZE = 32 * 1024 * 1024;
    public static final long DEFAULT_MAX_QUEUED_MESSAGES = 10_000;
    /** HiveMQ's own limit for max-packet-size. */
    static final int HIVEMQ_MAX_PACKET_SIZE = 268_435_460;

    public BrokerConfig {
        requireNonNull(bindAddress, "bindAddress");
        requireNonNull(dataDir, "dataDir");
        requireNonNull(extension, "extension");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
        }
        if (maxPacketSize < 1024 || maxPacketSize > HIVEMQ_MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("maxPacketSize must be in [1024, " + HIVEMQ_MAX_PACKET_SIZE + "]: "
                    + maxPacketSize);
        }
        if (maxQueuedMessages < 1) {
            throw new IllegalArgumentException("maxQueuedMessages must be >= 1: " + maxQueuedMessages);
        }
        if (tls != null && tls.port() != 0 && tls.port() == port) {
            throw new IllegalArgumentException("the TLS port must differ from the plain port: " + port);
        }
    }

    /** Without a TLS listener. */
    public BrokerConfig(int port, String bindAddress, Path dataDir, int maxPacketSize, long maxQueuedMessages,
                        boolean inMemory, ExtensionConfig extension) {
        this(port, bindAddress, dataDir, maxPacketSize, maxQueuedMessages, inMemory, extension, null);
    }

    /** Defaults on a free loopback port against the Kafka at {@code bootstrapServers}, for tests and tools. */
    public static BrokerConfig ephemeral(Path dataDir, String bootstrapServers, Topics topics) {
        return new BrokerConfig(0, "127.0.0.1", dataDir, DEFAULT_MAX_PACKET_SIZE, DEFAULT_MAX_QUEUED_MESSAGES,
                false, ExtensionConfig.of(bootstrapServers, topics));
    }

    public static BrokerConfig fromSettings(Settings settings) {
        int port = settings.get(BrokerSettings.MQTT.port());
        String bind = settings.get(BrokerSettings.MQTT.host());
        Path dataDir = Path.of(settings.get(BrokerSettings.DATA_DIR));
        int maxPacket = settings.get(BrokerSettings.MAX_PACKET_SIZE);
        long maxQueued = settings.get(BrokerSettings.QUEUE_MAX_MESSAGES);
        String persistence = settings.get(BrokerSettings.PERSISTENCE).toLowerCase(Locale.ROOT);
        MqttTlsConfig tls = MqttTlsConfig.fromSettings(settings, bind);
        if (!settings.string(AuthSettings.X509_CLIENT_ID.key(), "none").equalsIgnoreCase("none")
                && (tls == null || tls.truststore() == null)) {
            settings.addError("ferry.auth.x509.client.id: needs ferry.mqtt.tls.truststore (client certificates are"
                    + " verified by the TLS listener)");
        }
        ExtensionConfig extension = ExtensionConfig.fromSettings(settings);
        return new BrokerConfig(port, bind, dataDir, maxPacket, maxQueued, persistence.equals("in-memory"),
                extension, tls);
    }

    public BrokerConfig withPort(int newPort) {
        return new BrokerConfig(newPort, bindAddress, dataDir, maxPacketSize, maxQueuedMessages, inMemory,
                extension, tls);
    }

    public BrokerConfig withQueue(long newMaxQueuedMessages, boolean newInMemory) {
        return new BrokerConfig(port, bindAddress, dataDir, maxPacketSize, newMaxQueuedMessages, newInMemory,
                extension, tls);
    }

    public BrokerConfig withExtension(ExtensionConfig newExtension) {
        return new BrokerConfig(port, bindAddress, dataDir, maxPacketSize, maxQueuedMessages, inMemory,
                newExtension, tls);
    }

    public BrokerConfig withTls(MqttTlsConfig newTls) {
        return new BrokerConfig(port, bindAddress, dataDir, maxPacketSize, maxQueuedMessages, inMemory, extension,
                newTls);
    }
}
