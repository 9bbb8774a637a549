package io.ferry.client.internal;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;

final class TlsConfig {
    private TlsConfig() {
    }

    /** Null for plain TCP; the JVM's default trust store unless trust managers were given. */
    static MqttClientSslConfig of(UploaderConfig config) {
        if (!config.broker().tls() && config.trustManagers() == null && config.keyManagers() == null) {
            return null;
        }
        MqttClientSslConfigBuilder builder = MqttClientSslConfig.builder();
        if (config.trustManagers() != null) {
            builder = builder.trustManagerFactory(config.trustManagers());
        }
        if (config.keyManagers() != null) {
            builder = builder.keyManagerFactory(config.keyManagers());
        }
        return builder.build();
    }
}
