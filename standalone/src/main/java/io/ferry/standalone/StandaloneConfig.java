package io.ferry.standalone;

import io.ferry.protocol.config.Settings;
import java.nio.file.Path;

/**
 * The standalone's own settings; every service reads its own keys from the same {@link Settings}, which
 * {@link FerryStandalone} completes with the derived ones (bootstrap servers, directories).
 */
record StandaloneConfig(Path dataDir, String bindHost, int mqttPort, int httpPort, int kafkaPort,
                        int kafkaControllerPort, int partitions) {
    static final int DEFAULT_MQTT_PORT = 1883;
    static final int DEFAULT_HTTP_PORT = 8080;
    static final int DEFAULT_KAFKA_PORT = 19092;
    static final int DEFAULT_KAFKA_CONTROLLER_PORT = 19093;
    static final int DEFAULT_PARTITIONS = 4;

    static StandaloneConfig fromSettings(Settings settings) {
        StandaloneConfig config = new StandaloneConfig(
                Path.of(settings.string("ferry.data.dir", "data")).toAbsolutePath().normalize(),
                settings.string("ferry.bind.host", "0.0.0.0"),
                settings.integer("ferry.mqtt.port", DEFAULT_MQTT_PORT, 0, 65535),
                settings.integer("ferry.http.port", DEFAULT_HTTP_PORT, 0, 65535),
                settings.integer("ferry.kafka.port", DEFAULT_KAFKA_PORT, 0, 65535),
                settings.integer("ferry.kafka.controller.port", DEFAULT_KAFKA_CONTROLLER_PORT, 0, 65535),
                settings.integer("ferry.topics.partitions", DEFAULT_PARTITIONS, 1, 1024));
        settings.validate();
        return config;
    }
}
