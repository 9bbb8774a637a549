package io.ferry.broker;

/**
 * A snapshot of one broker node's ingress and response delivery, for health, metrics and tests.
 *
 * @param accepted           commands in Kafka and PUBACKed since start
 * @param refused            commands answered by a stateless check (bad topic, checksum, size, QoS) since start
 * @param failed             publishes refused because Kafka did not acknowledge in time or the node was stopping
 * @param bytes              payload bytes of accepted commands
 * @param waitingForKafka    publishes whose PUBACK waits for Kafka right now
 * @param pendingBytes       payload bytes read from devices and not yet PUBACKed right now
 * @param peakPendingBytes   the most {@code pendingBytes} ever was since start
 * @param readPauses         how often a connection's socket reading was paused (its own limit or the node's)
 * @param throttledConnections connections with TCP back-pressure installed (all of them, when embedded)
 * @param connectedDevices   devices connected to this node
 * @param responsesPending   responses kept for devices that have not had them
 * @param responsesDelivered responses this node delivered since start
 */
public record IngressStatus(long accepted, long refused, long failed, long bytes, int waitingForKafka,
                            long pendingBytes, long peakPendingBytes, long readPauses, long throttledConnections,
                            int connectedDevices,
                            int responsesPending, long responsesDelivered) {
    static final IngressStatus NONE = new IngressStatus(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
