package io.ferry.client.internal;

import io.ferry.client.MqttVersion;
import java.nio.ByteBuffer;

final class MqttTransports {
    private MqttTransports() {
    }

    static MqttTransport create(UploaderConfig config) {
        return config.version() == MqttVersion.MQTT_5 ? new Mqtt5Transport(config) : new Mqtt3Transport(config);
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
