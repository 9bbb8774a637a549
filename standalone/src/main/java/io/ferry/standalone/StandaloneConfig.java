package io.ferry.standalone;

import io.ferry.api.ApiSettings;
import io.ferry.broker.BrokerSettings;
import io.ferry.config.Settings;
import java.nio.file.Path;

/**
 * The standalone's own settings ({@link StandaloneSettings}); every service reads its own keys from the same
 * {@link Settings}, which {@link FerryStandalone} completes with the derived ones (bootstrap servers, directories).
 *
 * @param mqttHost {@code ferry.mqtt.host}, default {@code ferry.bind.host}
 * @param httpHost {@code ferry.http.host}, default {@code ferry.bind.host}
 */
record StandaloneConfig(Path dataDir, String mqttHost, String httpHost, int mqttPort, int httpPort, int kafkaPort,
                        int kafkaControllerPort, int partitions) {
    static final int DEFAULT_MQTT_PORT = 1883;
    static final int DEFAULT_HTTP_PORT = 8080;
    static final int DEFAULT_KAFKA_PORT = 19092;
    static final int DEFAULT_KAFKA_CONTROLLER_PORT = 19093;
    static final int DEFAULT_PARTITIONS = 4;

    static StandaloneConfig fromSettings(Settings settings) {
        String bindHost = settings.get(StandaloneSettings.BIND_HOST);
        StandaloneConfig config = new StandaloneConfig(
                Path.of(settings.get(StandaloneSettings.DATA_DIR)).toAbsolutePath().normalize(),
                settings.get(BrokerSettings.MQTT.host().withDefault(bindHost)),
                settings.get(ApiSettings.HTTP.host().withDefault(bindHost)),
                settings.get(StandaloneSettings.MQTT_PORT),
                settings.get(StandaloneSettings.HTTP_PORT),
                settings.get(StandaloneSettings.KAFKA_PORT),
                settings.get(StandaloneSettings.KAFKA_CONTROLLER_PORT),
                settings.get(StandaloneSettings.PARTITIONS));
        settings.validate();
        return config;
    }
}
