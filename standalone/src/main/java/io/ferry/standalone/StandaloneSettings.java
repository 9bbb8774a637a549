package io.ferry.standalone;

import io.ferry.api.ApiSettings;
import io.ferry.broker.BrokerSettings;
import io.ferry.config.Listener;
import io.ferry.config.Setting;
import io.ferry.config.SettingGroup;
import io.ferry.config.TopicSettings;
import io.ferry.config.Validators;

/** The settings only {@code ./ferry run} (and its embedded Kafka) reads, defined once. */
final class StandaloneSettings {
    static final Setting<String> DATA_DIR = Setting.string("ferry.data.dir", "data",
            "Directory of everything `./ferry run` keeps: Kafka, broker, assembler state, files, the API token.");
    static final Setting<String> BIND_HOST = Setting.string("ferry.bind.host", Listener.ALL_INTERFACES,
            "Interface of all of `./ferry run`'s device and API listeners: the default of `ferry.mqtt.host`,"
            + " `ferry.mqtt.tls.host` and `ferry.http.host`, which win when set.");
    /** The same keys the broker and API read, with the standalone's defaults. */
    static final Setting<Integer> MQTT_PORT = BrokerSettings.MQTT.port();
    static final Setting<Integer> HTTP_PORT = ApiSettings.HTTP.port();
    static final Setting<Integer> KAFKA_PORT = Setting.integer("ferry.kafka.port", StandaloneConfig.DEFAULT_KAFKA_PORT,
            0, 65535, "Port of the embedded Kafka (`./ferry run`, KafkaMain); 0 = any free port (not for KafkaMain).");
    static final Setting<Integer> KAFKA_CONTROLLER_PORT = Setting.integer("ferry.kafka.controller.port",
            StandaloneConfig.DEFAULT_KAFKA_CONTROLLER_PORT, 0, 65535, "KRaft controller port of the embedded Kafka.");
    static final Setting<String> KAFKA_DIR = Setting.string("ferry.kafka.dir", "data/kafka",
            "Data directory of KafkaMain's Kafka (`./ferry run`: `<ferry.data.dir>/kafka`).");
    static final Setting<String> KAFKA_HOST = Setting.string("ferry.kafka.host", "127.0.0.1",
            "Interface KafkaMain's Kafka listens on (`./ferry run`'s is always loopback).");
    static final Setting<Integer> PARTITIONS = TopicSettings.PARTITIONS.withDefault(StandaloneConfig.DEFAULT_PARTITIONS)
            .validatedBy(new Validators.Range<Integer>(1, 1024));
    static final SettingGroup GROUP = SettingGroup.of("Standalone (`./ferry run`)",
            "`./ferry run` reads every service's settings above from one file (`ferry.properties`) and the"
            + " environment, and sets the derived ones itself (bootstrap servers, directories, the API token when"
            + " unset). Its own settings, and its defaults for `ferry.mqtt.port` (1883), `ferry.http.port` (8080)"
            + " and `ferry.topics.partitions` (4, at most 1024):",
            DATA_DIR, BIND_HOST, KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_DIR, KAFKA_HOST);

    private StandaloneSettings() {
    }
}
