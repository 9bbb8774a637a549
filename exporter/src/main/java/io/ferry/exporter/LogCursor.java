package io.ferry.exporter;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One consumer positioned in one ferry.commands partition at a time. The last fetched records stay buffered: a record
 * among them costs nothing; one estimated at most {@code skipBytes} ahead (gap in offsets × average record size) is
 * reached by reading on, which uses the consumer's prefetched data; anything else is a seek, which costs a round
 * trip and throws the prefetched data away. The fetch sizes in the settings bound the memory. Not thread-safe.
 */
final class LogCursor implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final long skipBytes;
    private final Duration timeout;
    private TopicPartition assigned;
    private List<ConsumerRecord<byte[], byte[]>> buffer = List.of();
    private long position = -1;
    private long recordBytes;
    private long records;
    private long seeks;
    private long peakBufferedBytes;

    LogCursor(Map<String, Object> consumerSettings, String topic, long skipBytes, Duration timeout) {
        Map<String, Object> config = new HashMap<>(consumerSettings);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A pointer below the log start means the segments expired: fail, never silently jump.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.skipBytes = skipBytes;
        this.timeout = timeout;
    }

    /** The record at {@code offset} if it is buffered already, else null. */
    ConsumerRecord<byte[], byte[]> buffered(TopicPartition partition, long offset) {
        return partition.equals(assigned) ? findBuffered(offset) : null;
    }

    ConsumerRecord<byte[], byte[]> recordAt(TopicPartition partition, long offset) {
        if (!partition.equals(assigned)) {
            consumer.assign(List.of(partition));
            assigned = partition;
            seek(offset);
        } else {
            ConsumerRecord<byte[], byte[]> buffered = findBuffered(offset);
            if (buffered != null) {
                return buffered;
            }
            if (offset < position || estimatedBytesBefore(offset) > skipBytes) {
                seek(offset);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ConsumerRecord<byte[], byte[]>> fetched = poll(partition);
            if (fetched.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new ExportException("no record at " + partition + "@" + offset + " within " + timeout,
                            true);
                }
                continue;
            }
            keep(fetched);
            ConsumerRecord<byte[], byte[]> found = findBuffered(offset);
            if (found != null) {
                return found;
            }
            if (fetched.get(0).offset() > offset) {
                throw new ExportException("record " + partition + "@" + offset + " does not exist", false);
            }
        }
    }

    private double estimatedBytesBefore(long offset) {
        double average = records == 0 ? 0 : (double) recordBytes / records;
        return (offset - position) * average;
    }

    private List<ConsumerRecord<byte[], byte[]>> poll(TopicPartition partition) {
        try {
            return consumer.poll(POLL).records(partition);
        } catch (OffsetOutOfRangeException e) {
            throw new ExportException("segments expired from " + partition + ": " + e.getMessage(), false, e);
        }
    }

    private void keep(List<ConsumerRecord<byte[], byte[]>> fetched) {
        buffer = fetched;
        position = fetched.get(fetched.size() - 1).offset() + 1;
        long bytes = 0;
        for (ConsumerRecord<byte[], byte[]> record : fetched) {
            bytes += record.serializedValueSize() + Math.max(0, record.serializedKeySize());
        }
        records += fetched.size();
        recordBytes += bytes;
        peakBufferedBytes = Math.max(peakBufferedBytes, bytes);
    }

    private ConsumerRecord<byte[], byte[]> findBuffered(long offset) {
        int low = 0;
        int high = buffer.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long at = buffer.get(mid).offset();
            if (at == offset) {
                return buffer.get(mid);
            }
            if (at < offset) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return null;
    }

    private void seek(long offset) {
        consumer.seek(assigned, offset);
        position = offset;
        buffer = List.of();
        seeks++;
    }

    /** Drops buffered records and the assignment, after a failed or cancelled export. */
    void reset() {
        buffer = List.of();
        position = -1;
        assigned = null;
        consumer.unsubscribe();
    }

    ReadStats stats() {
        return new ReadStats(networkBytes(), recordBytes, records, seeks);
    }

    long peakBufferedBytes() {
        return peakBufferedBytes;
    }

    private long networkBytes() {
        for (Map.Entry<MetricName, ? extends Metric> entry : consumer.metrics().entrySet()) {
            MetricName name = entry.getKey();
            if (name.name().equals("incoming-byte-total") && name.group().equals("consumer-metrics")) {
                return (long) ((Number) entry.getValue().metricValue()).doubleValue();
            }
        }
        return 0;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
