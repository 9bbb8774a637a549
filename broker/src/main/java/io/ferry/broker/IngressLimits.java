package io.ferry.broker;

import static java.util.Objects.requireNonNull;

import io.ferry.records.TopicAdmin;
import io.ferry.config.Settings;
import java.time.Duration;

/**
 * What one broker node accepts from devices, and how much it holds for them at once.
 *
 * @param maxSegmentBytes         largest segment accepted; larger ones are answered {@code segment_too_large}
 * @param subSegmentBytes         segments larger than this are written to Kafka as several records, so no record
 *                                comes near Kafka's record size limit
 * @param maxInitBytes            largest init payload; larger ones are answered {@code invalid_filemeta} before any
 *                                JSON is parsed
 * @param clientMaxPendingBytes   payload bytes one connection may have read and not yet PUBACKed; above it the node
 *                                stops reading that connection's socket (TCP back-pressure, never a disconnect)
 * @param nodeMaxPendingBytes     the same over all connections of the node
 * @param kafkaTimeout            how long a command may wait for Kafka's acknowledgement before its publish fails
 *                                visibly (MQTT 5: PUBACK 0x97; MQTT 3.1.1: disconnect)
 */
public record IngressLimits(int maxSegmentBytes, int subSegmentBytes, int maxInitBytes, long clientMaxPendingBytes,
                            long nodeMaxPendingBytes, Duration kafkaTimeout) {
    public static final int DEFAULT_MAX_SEGMENT_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_SUB_SEGMENT_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_INIT_BYTES = 64 * 1024;
    public static final long DEFAULT_CLIENT_MAX_PENDING_BYTES = 8L * 1024 * 1024;
    public static final long DEFAULT_NODE_MAX_PENDING_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_KAFKA_TIMEOUT = Duration.ofSeconds(30);
    /** Room for a record's header (reply info, topic, ids) next to a sub-segment. */
    static final int HEADER_ROOM = 64 * 1024;
    static final int MAX_SUB_SEGMENT_BYTES = TopicAdmin.MAX_MESSAGE_BYTES - HEADER_ROOM;
    private static final Duration MIN_KAFKA_TIMEOUT = Duration.ofSeconds(2);

    public IngressLimits {
        requireNonNull(kafkaTimeout, "kafkaTimeout");
        if (maxSegmentBytes < 1) {
            throw new IllegalArgumentException("maxSegmentBytes must be >= 1: " + maxSegmentBytes);
        }
        if (subSegmentBytes < 1 || subSegmentBytes > MAX_SUB_SEGMENT_BYTES) {
            throw new IllegalArgumentException("subSegmentBytes must be in [1, " + MAX_SUB_SEGMENT_BYTES + "]: "
                    + subSegmentBytes);
        }
        if (maxInitBytes < 1) {
            throw new IllegalArgumentException("maxInitBytes must be >= 1: " + maxInitBytes);
        }
        if (clientMaxPendingBytes < 1 || nodeMaxPendingBytes < clientMaxPendingBytes) {
            throw new IllegalArgumentException("need 1 <= clientMaxPendingBytes (" + clientMaxPendingBytes
                    + ") <= nodeMaxPendingBytes (" + nodeMaxPendingBytes + ")");
        }
        if (kafkaTimeout.compareTo(MIN_KAFKA_TIMEOUT) < 0) {
            throw new IllegalArgumentException("kafkaTimeout must be >= " + MIN_KAFKA_TIMEOUT + ": " + kafkaTimeout);
        }
    }

    public static IngressLimits defaults() {
        return new IngressLimits(DEFAULT_MAX_SEGMENT_BYTES, DEFAULT_SUB_SEGMENT_BYTES, DEFAULT_MAX_INIT_BYTES,
                DEFAULT_CLIENT_MAX_PENDING_BYTES, DEFAULT_NODE_MAX_PENDING_BYTES, DEFAULT_KAFKA_TIMEOUT);
    }

    static IngressLimits fromSettings(Settings settings) {
        int maxSegment = settings.get(BrokerSettings.MAX_SEGMENT_BYTES);
        int subSegment = settings.get(BrokerSettings.SUB_SEGMENT_BYTES);
        int maxInit = settings.get(BrokerSettings.MAX_INIT_BYTES);
        long client = settings.get(BrokerSettings.CLIENT_MAX_PENDING);
        long node = settings.get(BrokerSettings.NODE_MAX_PENDING);
        if (node < client) {
            settings.addError("ferry.ingress.node.max.pending.bytes: must be at least "
                    + "ferry.ingress.client.max.pending.bytes (" + client + ")");
            node = client;
        }
        Duration timeout = settings.get(BrokerSettings.KAFKA_TIMEOUT);
        return new IngressLimits(maxSegment, subSegment, maxInit, client, node, timeout);
    }

    public IngressLimits withPending(long clientBytes, long nodeBytes) {
        return new IngressLimits(maxSegmentBytes, subSegmentBytes, maxInitBytes, clientBytes, nodeBytes,
                kafkaTimeout);
    }

    public IngressLimits withKafkaTimeout(Duration timeout) {
        return new IngressLimits(maxSegmentBytes, subSegmentBytes, maxInitBytes, clientMaxPendingBytes,
                nodeMaxPendingBytes, timeout);
    }

    public IngressLimits withSubSegmentBytes(int bytes) {
        return new IngressLimits(maxSegmentBytes, bytes, maxInitBytes, clientMaxPendingBytes, nodeMaxPendingBytes,
                kafkaTimeout);
    }
}
