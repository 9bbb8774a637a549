package io.ferry.records;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ferry.protocol.Checks;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A broker node's note in the responses topic that it delivered every response to {@code clientId} in this partition
 * up to {@code offset}; the other nodes then stop keeping those responses for the device. Written into the same
 * partition (key: clientId) as the responses it covers, marked by the header {@value #HEADER}; the value is the
 * offset in decimal.
 */
public record DeliveryMark(String clientId, int partition, long offset) {
    public static final String HEADER = "ferry-delivered";
    private static final byte[] MARKER = {1};

    public DeliveryMark {
        Checks.clientId(clientId);
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset must be >= 0: " + partition + "@" + offset);
        }
    }

    public ProducerRecord<byte[], byte[]> toRecord(String topic) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition, clientId.getBytes(UTF_8),
                Long.toString(offset).getBytes(UTF_8));
        record.headers().add(HEADER, MARKER);
        return record;
    }

    /** The mark a record of the responses topic carries, or empty for an ordinary response. */
    public static Optional<DeliveryMark> from(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(HEADER);
        if (header == null || record.key() == null || record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DeliveryMark(new String(record.key(), UTF_8), record.partition(),
                    Long.parseLong(new String(record.value(), UTF_8))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static boolean isMark(ConsumerRecord<byte[], byte[]> record) {
        return record.headers().lastHeader(HEADER) != null;
    }
}
