package io.ferry.broker;

import io.ferry.config.KeystoreSettings;
import io.ferry.config.Listener;
import io.ferry.config.Setting;
import io.ferry.config.SettingGroup;
import io.ferry.config.Validators;
import java.time.Duration;

/** Every setting of a broker node, defined once; the typed configs read them and docs/configuration.md lists them. */
public final class BrokerSettings {
    /**
     * The plain MQTT listener. {@code ferry.mqtt.port} is always the port the broker listens on;
     * {@code ferry.mqtt.host} replaced {@code ferry.mqtt.bind.address}, so every listener is named host/port.
     */
    public static final Listener MQTT = listener();
    public static final Setting<String> DATA_DIR = Setting.string("ferry.broker.data.dir",
            BrokerConfig.DEFAULT_DATA_DIR, "Where HiveMQ keeps its data (`./ferry run`: `<ferry.data.dir>/broker`).");
    public static final Setting<String> NODE_ID = Setting.string("ferry.broker.node.id", null,
            "Names this node's Kafka clients (`<id>`, `<id>-responses`); give each node its own, e.g. the pod name.")
            .defaultText("random `ferry-broker-…`");
    public static final Setting<Integer> MAX_PACKET_SIZE = Setting.integer("ferry.broker.max.packet.size",
            BrokerConfig.DEFAULT_MAX_PACKET_SIZE, 1024, BrokerConfig.HIVEMQ_MAX_PACKET_SIZE,
            "Largest MQTT packet accepted; keep it above `ferry.ingress.max.segment.bytes` so an oversized segment"
            + " is answered `segment_too_large` instead of a disconnect.");
    public static final Setting<Long> QUEUE_MAX_MESSAGES = Setting.longValue("ferry.broker.queue.max.messages",
            BrokerConfig.DEFAULT_MAX_QUEUED_MESSAGES, 1, Long.MAX_VALUE,
            "HiveMQ's per-client queue limit; must stay above the responses a device can have outstanding.");
    public static final Setting<String> PERSISTENCE = Setting.string("ferry.broker.persistence", "file",
            "HiveMQ persistence: `file`, or `in-memory` (sessions of non-Ferry traffic do not survive a restart).")
            .validatedBy(Validators.OneOf.of("file", "in-memory"));
    public static final SettingGroup GROUP = SettingGroup.of("Broker node",
            "The embedded HiveMQ broker of a broker node (and of `./ferry run`).",
            MQTT.host(), MQTT.port(), DATA_DIR, NODE_ID, MAX_PACKET_SIZE, QUEUE_MAX_MESSAGES, PERSISTENCE);

    public static final Listener MQTT_TLS = Listener.of("ferry.mqtt.tls", "MQTT-over-TLS listener",
            MqttTlsConfig.DEFAULT_PORT, false);
    public static final Setting<String> MQTT_TLS_HOST = Setting.string("ferry.mqtt.tls.host", null,
            "Interface the MQTT-over-TLS listener binds to.").defaultText("`ferry.mqtt.host`")
            .withAliases("ferry.mqtt.tls.bind.address");
    public static final KeystoreSettings MQTT_TLS_KEY = KeystoreSettings.of("ferry.mqtt.tls", "the MQTT TLS listener");
    public static final Setting<String> MQTT_TLS_TRUSTSTORE = Setting.string("ferry.mqtt.tls.truststore", null,
            "CAs that may sign device certificates; enables client certificates (docs/security.md).");
    public static final Setting<String> MQTT_TLS_TRUSTSTORE_PASSWORD = Setting.password(
            "ferry.mqtt.tls.truststore.password", "Password of the truststore (required with it).");
    public static final Setting<String> MQTT_TLS_CLIENT_AUTH = Setting.string("ferry.mqtt.tls.client.auth", null,
            "Whether devices must present a client certificate: `none`, `optional`, `required`.")
            .defaultText("`required` with a truststore, else `none`")
            .validatedBy(Validators.OneOf.of("none", "optional", "required"));
    public static final SettingGroup TLS_GROUP = SettingGroup.of("MQTT over TLS",
            "An additional MQTT-over-TLS listener next to the plain one; off unless `ferry.mqtt.tls.keystore` is set"
            + " (docs/security.md \"TLS\").",
            MQTT_TLS_HOST, MQTT_TLS.port(), MQTT_TLS_KEY.keystore(), MQTT_TLS_KEY.keystorePassword(),
            MQTT_TLS_KEY.keyPassword(), MQTT_TLS_TRUSTSTORE, MQTT_TLS_TRUSTSTORE_PASSWORD, MQTT_TLS_CLIENT_AUTH);

    public static final Setting<Integer> MAX_SEGMENT_BYTES = Setting.integer("ferry.ingress.max.segment.bytes",
            IngressLimits.DEFAULT_MAX_SEGMENT_BYTES, 1, Integer.MAX_VALUE,
            "Largest segment accepted; larger ones are answered `segment_too_large`.");
    public static final Setting<Integer> SUB_SEGMENT_BYTES = Setting.integer("ferry.ingress.sub.segment.bytes",
            IngressLimits.DEFAULT_SUB_SEGMENT_BYTES, 1, IngressLimits.MAX_SUB_SEGMENT_BYTES,
            "Segments larger than this are written to Kafka as several records.");
    public static final Setting<Integer> MAX_INIT_BYTES = Setting.integer("ferry.ingress.max.init.bytes",
            IngressLimits.DEFAULT_MAX_INIT_BYTES, 1, Integer.MAX_VALUE,
            "Largest init payload; larger ones are answered `invalid_filemeta` before any JSON is parsed.");
    public static final Setting<Long> CLIENT_MAX_PENDING = Setting.longValue("ferry.ingress.client.max.pending.bytes",
            IngressLimits.DEFAULT_CLIENT_MAX_PENDING_BYTES, 1, Long.MAX_VALUE,
            "Payload bytes one connection may have read and not yet PUBACKed; above it its socket is not read"
            + " (TCP back-pressure).");
    public static final Setting<Long> NODE_MAX_PENDING = Setting.longValue("ferry.ingress.node.max.pending.bytes",
            IngressLimits.DEFAULT_NODE_MAX_PENDING_BYTES, 1, Long.MAX_VALUE,
            "The same over all connections of the node; at least `ferry.ingress.client.max.pending.bytes`.");
    public static final Setting<Duration> KAFKA_TIMEOUT = Setting.duration("ferry.ingress.kafka.timeout",
            IngressLimits.DEFAULT_KAFKA_TIMEOUT, "How long a command may wait for Kafka's acknowledgement before its"
            + " publish fails visibly (MQTT 5: PUBACK 0x97; 3.1.1: disconnect).")
            .validatedBy(Validators.PositiveDuration.atLeast(Duration.ofSeconds(2)));
    public static final Setting<Duration> RESPONSES_WINDOW = Setting.duration("ferry.ingress.responses.window",
            ResponseLimits.DEFAULT_WINDOW, "Undelivered responses older than this are dropped; also how far back a"
            + " starting node reads `ferry.responses`.").validatedBy(Validators.PositiveDuration.POSITIVE);
    public static final Setting<Long> RESPONSES_MAX_BYTES = Setting.longValue("ferry.ingress.responses.max.bytes",
            ResponseLimits.DEFAULT_MAX_BYTES, 1, Long.MAX_VALUE,
            "The node's whole buffer of undelivered responses; the oldest go first.");
    public static final Setting<Integer> RESPONSES_MAX_PER_CLIENT = Setting.integer(
            "ferry.ingress.responses.max.per.client", ResponseLimits.DEFAULT_MAX_PER_CLIENT, 1, 1_000_000,
            "Undelivered responses kept per clientId; the oldest go first.");
    public static final SettingGroup INGRESS_GROUP = SettingGroup.of("Ingress",
            "What a broker node accepts from devices and how much it holds for them (docs/operations.md \"Sizing\").",
            MAX_SEGMENT_BYTES, SUB_SEGMENT_BYTES, MAX_INIT_BYTES, CLIENT_MAX_PENDING, NODE_MAX_PENDING, KAFKA_TIMEOUT,
            RESPONSES_WINDOW, RESPONSES_MAX_BYTES, RESPONSES_MAX_PER_CLIENT);

    private BrokerSettings() {
    }

    private static Listener listener() {
        Listener plain = Listener.of("ferry.mqtt", "plain MQTT listener", BrokerConfig.DEFAULT_PORT, false);
        return plain.withHost(plain.host().withAliases("ferry.mqtt.bind.address"));
    }
}
