package io.ferry.client.internal;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedListener;
import io.ferry.client.MqttVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

final class MqttTransports {
    private MqttTransports() {
    }

    static MqttTransport create(UploaderConfig config) {
        return config.version() == MqttVersion.MQTT_5 ? new Mqtt5Transport(config) : new Mqtt3Transport(config);
    }

    /** What both MQTT versions share: identity, address, TLS, automatic reconnect with backoff, lifecycle events. */
    static MqttClientBuilder baseBuilder(UploaderConfig config, MqttTransport.Events events,
                                         MqttClientConnectedListener onConnected) {
        MqttClientBuilder builder = MqttClient.builder()
                .identifier(config.clientId())
                .serverHost(config.broker().host())
                .serverPort(config.broker().port())
                .automaticReconnect()
                .initialDelay(config.reconnectInitial().toMillis(), TimeUnit.MILLISECONDS)
                .maxDelay(config.reconnectMax().toMillis(), TimeUnit.MILLISECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(onConnected)
                .addDisconnectedListener(ctx -> events.disconnected(ctx.getCause()));
        MqttClientSslConfig ssl = TlsConfig.of(config);
        return ssl == null ? builder : builder.sslConfig(ssl);
    }

    static byte[] password(UploaderConfig config) {
        return config.password() == null ? new byte[0] : config.password().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
