package io.ferry.bridge;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.TopicAdmin;
import io.ferry.protocol.Topics;
import io.ferry.protocol.config.Settings;
import java.time.Duration;

/**
 * One bridge instance.
 *
 * @param maxSegmentBytes largest segment accepted; larger ones are answered {@code segment_too_large}
 * @param subSegmentBytes segments larger than this are written to Kafka as several parts (see
 *                        {@link io.ferry.protocol.CommandRecord}), so no record comes near the record size limit
 * @param maxInitBytes    largest init payload accepted; larger ones are answered {@code invalid_filemeta} before
 *                        any JSON is parsed, so a device cannot make every bridge parse megabytes of meta
 */
public record BridgeConfig(MqttConfig mqtt, KafkaConfig kafka, Topics topics, int maxSegmentBytes,
                           int subSegmentBytes, int maxInitBytes) {
    public static final int DEFAULT_MAX_SEGMENT_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_SUB_SEGMENT_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_INIT_BYTES = 64 * 1024;
    /** Room for a record's header (reply info, topic, ids) next to a sub-segment. */
    static final int HEADER_ROOM = 64 * 1024;
    static final int MAX_SUB_SEGMENT_BYTES = TopicAdmin.MAX_MESSAGE_BYTES - HEADER_ROOM;
    private static final long MAX_SESSION_EXPIRY_SECONDS = 0xFFFF_FFFFL;

    public BridgeConfig {
        requireNonNull(mqtt, "mqtt");
        requireNonNull(kafka, "kafka");
        requireNonNull(topics, "topics");
        if (maxSegmentBytes < 1) {
            throw new IllegalArgumentException("maxSegmentBytes must be >= 1: " + maxSegmentBytes);
        }
        if (subSegmentBytes < 1 || subSegmentBytes > MAX_SUB_SEGMENT_BYTES) {
            throw new IllegalArgumentException("subSegmentBytes must be in [1, " + MAX_SUB_SEGMENT_BYTES + "]: "
                    + subSegmentBytes);
        }
        if (maxInitBytes < 1) {
            throw new IllegalArgumentException("maxInitBytes must be >= 1: " + maxInitBytes);
        }
    }

    /** With the default init limit. */
    public BridgeConfig(MqttConfig mqtt, KafkaConfig kafka, Topics topics, int maxSegmentBytes, int subSegmentBytes) {
        this(mqtt, kafka, topics, maxSegmentBytes, subSegmentBytes, DEFAULT_MAX_INIT_BYTES);
    }

    /** The same settings against another broker address (e.g. an embedded broker on a port picked at start). */
    public BridgeConfig withBroker(String host, int port) {
        MqttConfig m = mqtt;
        return new BridgeConfig(new MqttConfig(host, port, m.clientId(), m.username(), m.password(),
                m.sessionExpiry(), m.inFlight()), kafka, topics, maxSegmentBytes, subSegmentBytes, maxInitBytes);
    }

    /** The same settings under a fresh random MQTT clientId (another instance). */
    public BridgeConfig withClientId() {
        return new BridgeConfig(mqtt.withClientId(MqttConfig.randomClientId()), kafka, topics, maxSegmentBytes,
                subSegmentBytes, maxInitBytes);
    }

    public static BridgeConfig fromSettings(Settings settings) {
        String host = settings.string("ferry.mqtt.host", MqttConfig.DEFAULT_HOST);
        int port = settings.integer("ferry.mqtt.port", MqttConfig.DEFAULT_PORT, 1, 65535);
        String clientId = settings.string("ferry.bridge.client.id", MqttConfig.randomClientId());
        String username = settings.string("ferry.bridge.username", MqttConfig.DEFAULT_USERNAME);
        String password = settings.required("ferry.bridge.password");
        Duration expiry = settings.duration("ferry.bridge.session.expiry", MqttConfig.DEFAULT_SESSION_EXPIRY);
        if (expiry.getSeconds() > MAX_SESSION_EXPIRY_SECONDS) {
            settings.addError("ferry.bridge.session.expiry: at most " + MAX_SESSION_EXPIRY_SECONDS + "s (MQTT)");
            expiry = MqttConfig.DEFAULT_SESSION_EXPIRY;
        }
        int inFlight = settings.integer("ferry.bridge.in.flight", MqttConfig.DEFAULT_IN_FLIGHT, 1, 65535);
        String bootstrap = settings.required("ferry.kafka.bootstrap.servers");
        String group = settings.string("ferry.bridge.responses.group", KafkaConfig.DEFAULT_RESPONSES_GROUP);
        String prefix = settings.string("ferry.topics.prefix", Topics.DEFAULT_PREFIX);
        int maxSegment = settings.integer("ferry.bridge.max.segment.bytes", DEFAULT_MAX_SEGMENT_BYTES, 1,
                Integer.MAX_VALUE);
        int subSegment = settings.integer("ferry.bridge.sub.segment.bytes", DEFAULT_SUB_SEGMENT_BYTES, 1,
                MAX_SUB_SEGMENT_BYTES);
        int maxInit = settings.integer("ferry.bridge.max.init.bytes", DEFAULT_MAX_INIT_BYTES, 1, Integer.MAX_VALUE);
        settings.validate();
        return new BridgeConfig(
                new MqttConfig(host, port, clientId, username, password, expiry, inFlight),
                new KafkaConfig(bootstrap, settings.withPrefix("ferry.kafka.producer."),
                        settings.withPrefix("ferry.kafka.consumer."), group),
                Topics.withPrefix(prefix), maxSegment, subSegment, maxInit);
    }
}
