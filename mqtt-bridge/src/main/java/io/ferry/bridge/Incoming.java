package io.ferry.bridge;

import static java.util.Objects.requireNonNull;

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.ferry.protocol.FerryMqtt;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A command as the bridge received it from Ferry's broker: the topic exactly as the device published it, and the
 * properties the broker stamped ({@code ferry-client-id}, {@code ferry-qos}, {@code ferry-packet-id}); null when
 * absent.
 */
record Incoming(String topic, byte[] payload, String clientId, String qos, String packetId, String responseTopic,
                byte[] correlationData) {
    Incoming {
        requireNonNull(topic, "topic");
        requireNonNull(payload, "payload");
    }

    static Incoming from(Mqtt5Publish publish) {
        return new Incoming(publish.getTopic().toString(), publish.getPayloadAsBytes(),
                property(publish, FerryMqtt.CLIENT_ID_PROPERTY).orElse(null),
                property(publish, FerryMqtt.QOS_PROPERTY).orElse(null),
                property(publish, FerryMqtt.PACKET_ID_PROPERTY).orElse(null),
                publish.getResponseTopic().map(Object::toString).orElse(null),
                publish.getCorrelationData().map(Incoming::bytes).orElse(null));
    }

    private static Optional<String> property(Mqtt5Publish publish, String name) {
        return publish.getUserProperties().asList().stream()
                .filter(property -> property.getName().toString().equals(name))
                .map(property -> property.getValue().toString())
                .reduce((first, second) -> first);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "Incoming[topic=" + topic + ", payload=" + payload.length + " bytes, clientId=" + clientId
                + ", qos=" + qos + ", packetId=" + packetId + "]";
    }
}
