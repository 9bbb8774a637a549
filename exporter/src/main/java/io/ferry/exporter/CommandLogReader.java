package io.ferry.exporter;

import io.ferry.protocol.CommandKind;
import io.ferry.protocol.CommandRecord;
import io.ferry.protocol.CommandRecordCodec;
import io.ferry.protocol.Segment;
import io.ferry.protocol.SegmentPointer;
import io.ferry.protocol.TransferId;
import java.nio.ByteBuffer;
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
 * Reads segment bytes back from one ft.commands partition by {@link SegmentPointer}. The last fetched records stay
 * buffered: a pointer into them costs nothing; a pointer whose record is estimated at most {@code skipBytes} ahead
 * (gap in offsets × average record size) is reached by reading on, which uses the consumer's prefetched data;
 * anything else is a seek, which costs a round trip and throws the prefetched data away. Fetch sizes bound the memory. Not
 * thread-safe: one reader per worker thread.
 */
final class CommandLogReader implements AutoCloseable {
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

    CommandLogReader(Map<String, Object> consumerSettings, String topic, long skipBytes, Duration timeout) {
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

    /** The file bytes {@code pointer} designates, as a read-only view into the fetched record. */
    ByteBuffer read(TransferId transferId, int partition, SegmentPointer pointer) {
        ConsumerRecord<byte[], byte[]> record = recordAt(new TopicPartition(topic, partition), pointer.kafkaOffset());
        CommandRecord command;
        try {
            command = CommandRecordCodec.decode(record.value());
        } catch (IllegalArgumentException e) {
            throw new ExportException("corrupt command record at " + where(record), false, e);
        }
        if (command.command().kind() != CommandKind.SEGMENT || !command.transferId().equals(transferId)) {
            throw new ExportException("record at " + where(record) + " is not a segment of " + transferId, false);
        }
        Segment segment = (Segment) command.command();
        long start = pointer.fileOffset() - segment.offset();
        if (start < 0 || start + pointer.length() > segment.length()) {
            throw new ExportException("segment at " + where(record) + " does not hold " + pointer, false);
        }
        ByteBuffer slice = segment.payload().duplicate();
        slice.position((int) start).limit((int) start + pointer.length());
        return slice.slice();
    }

    private ConsumerRecord<byte[], byte[]> recordAt(TopicPartition partition, long offset) {
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

    /** Largest batch of records held at once: the reader's memory, bounded by the fetch size settings. */
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

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
