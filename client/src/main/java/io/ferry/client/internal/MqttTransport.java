package io.ferry.client.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The MQTT connection as the uploader needs it, one implementation per protocol version. Events arrive on MQTT
 * client threads; the uploader moves them onto its own event thread.
 */
interface MqttTransport {
    interface Events {
        /** The connection is up; {@code maxPacketSize} is the broker's limit, 0 when unknown (MQTT 3.1.1). */
        void connected(long maxPacketSize);

        void disconnected(Throwable cause);

        void message(String topic, byte[] payload, byte[] correlationData);
    }

    /** Starts connecting (and reconnecting automatically); completes on the first connection. */
    CompletableFuture<Void> connect(Events events);

    CompletableFuture<Void> subscribe(String topicFilter);

    /**
     * Publishes at QoS 1; completes with the PUBACK (reason code 0 for MQTT 3.1.1), or exceptionally when the
     * connection is lost first.
     */
    CompletableFuture<PubAck> publish(String topic, ByteBuffer payload, String responseTopic, byte[] correlationData);

    /** Whether responses echo Correlation-Data (MQTT 5). */
    boolean correlates();

    /** Disconnects and stops reconnecting. */
    CompletableFuture<Void> disconnect();

    /** A PUBACK reason code; for Ferry only "accepted", the command's result is the response message. */
    record PubAck(int reasonCode) {
        static final PubAck SUCCESS = new PubAck(0);
        static final int QUOTA_EXCEEDED = 0x97;

        boolean isError() {
            return reasonCode >= 0x80;
        }
    }
}
