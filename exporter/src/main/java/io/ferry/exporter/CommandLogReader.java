package io.ferry.exporter;

import io.ferry.protocol.CommandKind;
import io.ferry.records.CommandRecord;
import io.ferry.records.CommandRecordCodec;
import io.ferry.protocol.Segment;
import io.ferry.records.SegmentPointer;
import io.ferry.records.TransferId;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads segment bytes back from one ferry.commands partition by {@link SegmentPointer}, with two {@link LogCursor}s:
 * <ul>
 *   <li>{@code bulk}, with the configured fetch size, for dense stretches (the file's records follow each other,
 *       at most one other record between two of them) worth at least half a fetch: few round trips, little waste;</li>
 *   <li>{@code single}, which fetches one record batch per request, for records of a file whose segments are
 *       interleaved with many other uploads', and for small files: a bulk fetch there would bring mostly other
 *       transfers' bytes (with 100 concurrent uploads on 4 partitions, 25 times the file).</li>
 * </ul>
 * What a seek on {@code single} still wastes is the one batch the consumer prefetches after every poll. Not
 * thread-safe: one reader per worker thread.
 */
final class CommandLogReader implements SegmentReader, AutoCloseable {
    /** Pointers looked at ahead to decide between the cursors. */
    static final int LOOKAHEAD = 64;
    private final LogCursor bulk;
    private final LogCursor single;
    private final String topic;
    private final long bulkFetchBytes;

    CommandLogReader(Map<String, Object> consumerSettings, String topic, long skipBytes, Duration timeout) {
        this.topic = topic;
        this.bulkFetchBytes = fetchBytes(consumerSettings);
        this.bulk = new LogCursor(consumerSettings, topic, skipBytes, timeout);
        Map<String, Object> one = new HashMap<>(consumerSettings);
        // The broker always returns the first batch whole, whatever the limit: so exactly one batch per fetch.
        one.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1);
        one.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1);
        Object clientId = consumerSettings.get(ConsumerConfig.CLIENT_ID_CONFIG);
        if (clientId != null) {
            one.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-single");
        }
        this.single = new LogCursor(one, topic, 0, timeout);
    }

    /** The file bytes {@code pointers.get(index)} designates, as a read-only view into the fetched record. */
    @Override
    public ByteBuffer read(TransferId transferId, int partition, List<SegmentPointer> pointers, int index) {
        SegmentPointer pointer = pointers.get(index);
        ConsumerRecord<byte[], byte[]> record = recordAt(new TopicPartition(topic, partition), pointers, index);
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

    private ConsumerRecord<byte[], byte[]> recordAt(TopicPartition partition, List<SegmentPointer> pointers,
                                                    int index) {
        long offset = pointers.get(index).kafkaOffset();
        ConsumerRecord<byte[], byte[]> record = bulk.buffered(partition, offset);
        if (record == null) {
            record = single.buffered(partition, offset);
        }
        if (record != null) {
            return record;
        }
        return (worthABulkFetch(pointers, index, bulkFetchBytes) ? bulk : single).recordAt(partition, offset);
    }

    /**
     * Whether the file's records from {@code index} on follow each other closely (at most one foreign record
     * between two) for at least half a bulk fetch: only then does a bulk fetch carry mostly this file's bytes.
     */
    static boolean worthABulkFetch(List<SegmentPointer> pointers, int index, long bulkFetchBytes) {
        long bytes = pointers.get(index).length();
        int last = Math.min(pointers.size() - 1, index + LOOKAHEAD);
        for (int i = index + 1; i <= last && bytes < bulkFetchBytes / 2; i++) {
            long gap = pointers.get(i).kafkaOffset() - pointers.get(i - 1).kafkaOffset();
            if (gap < 0 || gap > 2) {
                break;
            }
            bytes += pointers.get(i).length();
        }
        return bytes >= bulkFetchBytes / 2;
    }

    /** Drops buffered records and assignments, after a failed or cancelled export. */
    void reset() {
        bulk.reset();
        single.reset();
    }

    @Override
    public ReadStats stats() {
        ReadStats a = bulk.stats();
        ReadStats b = single.stats();
        return new ReadStats(a.networkBytes() + b.networkBytes(), a.recordBytes() + b.recordBytes(),
                a.records() + b.records(), a.seeks() + b.seeks());
    }

    /** Largest batch of records held at once: the reader's memory, bounded by the fetch size settings. */
    long peakBufferedBytes() {
        return Math.max(bulk.peakBufferedBytes(), single.peakBufferedBytes());
    }

    private static long fetchBytes(Map<String, Object> settings) {
        Object value = settings.get(ConsumerConfig.FETCH_MAX_BYTES_CONFIG);
        if (value == null) {
            return ConsumerConfig.DEFAULT_FETCH_MAX_BYTES;
        }
        return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    @Override
    public void close() {
        bulk.close();
        single.close();
    }
}
