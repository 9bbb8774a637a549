package io.ferry.broker;

import static java.util.Objects.requireNonNull;

import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import io.ferry.protocol.ReplyTo;
import java.nio.ByteBuffer;

/**
 * A QoS 1 command as a device published it: the topic exactly as sent, its payload, and the clientId of the
 * connection it came on (verified by the broker, never taken from the packet).
 */
record Incoming(String clientId, String topic, byte[] payload, int packetId, String responseTopic,
                byte[] correlationData) {
    Incoming {
        requireNonNull(clientId, "clientId");
        requireNonNull(topic, "topic");
        requireNonNull(payload, "payload");
    }

    static Incoming from(String clientId, PublishPacket packet) {
        return new Incoming(clientId, packet.getTopic(), packet.getPayload().map(Incoming::bytes).orElse(new byte[0]),
                packet.getPacketId(), packet.getResponseTopic().orElse(null),
                packet.getCorrelationData().map(Incoming::bytes).orElse(null));
    }

    /** Where the answer to this command goes. */
    ReplyTo replyTo() {
        return new ReplyTo(clientId, topic, packetId, responseTopic, correlationData);
    }

    /** Where the answer to a packet goes, without copying its payload (for publishes refused before reading it). */
    static ReplyTo replyTo(String clientId, PublishPacket packet) {
        return new ReplyTo(clientId, packet.getTopic(), packet.getPacketId(), packet.getResponseTopic().orElse(null),
                packet.getCorrelationData().map(Incoming::bytes).orElse(null));
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "Incoming[clientId=" + clientId + ", topic=" + topic + ", payload=" + payload.length
                + " bytes, packetId=" + packetId + "]";
    }
}
