package io.ferry.config;

import java.util.Map;

/** The Kafka connection every service shares: defined once, read by broker, assembler, exporter, API and replay. */
public final class KafkaSettings {
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    /** Defaulted in every service alike (it was required in two and defaulted in two). */
    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.string("ferry.kafka.bootstrap.servers",
            DEFAULT_BOOTSTRAP_SERVERS, "Kafka bootstrap servers (host:port, comma separated). `./ferry run` sets it"
            + " to its own Kafka.");
    public static final Setting<Map<String, String>> PRODUCER = Setting.prefix("ferry.kafka.producer.",
            "Passed to every Kafka producer as is (e.g. `security.protocol`, `sasl.jaas.config`); secrets are"
            + " masked in logs. The broker's acks=all and idempotence always win.");
    public static final Setting<Map<String, String>> CONSUMER = Setting.prefix("ferry.kafka.consumer.",
            "Passed to every Kafka consumer and admin client as is (TLS/SASL settings go here and under"
            + " `ferry.kafka.producer.`).");
    public static final SettingGroup GROUP = SettingGroup.of("Kafka",
            "The Kafka cluster all services use. Read by the broker node, assembler, exporter, API and replay.",
            BOOTSTRAP_SERVERS, PRODUCER, CONSUMER);

    private KafkaSettings() {
    }
}
