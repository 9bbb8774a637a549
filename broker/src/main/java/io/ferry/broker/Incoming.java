package io.ferry.broker;

import static java.util.Objects.requireNonNull;

import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import io.ferry.protocol.ReplyTo;
import java.nio.ByteBuffer;

/**
 * A QoS 1 command as a device published it: the topic exactly as sent, its payload, and the clientId of the
 * connection it came on (verified by the broker, never taken from the packet).
 *
 * <p>The payload is a read-only view of HiveMQ's own buffer, not a copy (issue 14 item 4): a segment is copied once
 * into its record value, and HiveMQ keeps the packet until the publish is resumed anyway, so holding the view costs
 * no memory while the command waits for Kafka.
 */
record Incoming(String clientId, String topic, ByteBuffer payload, int packetId, String responseTopic,
                byte[] correlationData) {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    Incoming {
        requireNonNull(clientId, "clientId");
        requireNonNull(topic, "topic");
        payload = requireNonNull(payload, "payload").asReadOnlyBuffer();
    }

    Incoming(String clientId, String topic, byte[] payload, int packetId, String responseTopic,
             byte[] correlationData) {
        this(clientId, topic, ByteBuffer.wrap(payload), packetId, responseTopic, correlationData);
    }

    static Incoming from(String clientId, PublishPacket packet) {
        return new Incoming(clientId, packet.getTopic(), packet.getPayload().orElse(EMPTY),
                packet.getPacketId(), packet.getResponseTopic().orElse(null),
                packet.getCorrelationData().map(Incoming::bytes).orElse(null));
    }

    /** The payload's length in bytes. */
    int length() {
        return payload.remaining();
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
        return "Incoming[clientId=" + clientId + ", topic=" + topic + ", payload=" + length()
                + " bytes, packetId=" + packetId + "]";
    }
}
