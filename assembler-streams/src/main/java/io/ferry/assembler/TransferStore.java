package io.ferry.assembler;

import io.ferry.records.ClientUsageRecord;
import io.ferry.records.FerrySerdes;
import io.ferry.records.TransferId;
import io.ferry.records.VersionedJson;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The assembler's four RocksDB stores, all changelogged: transfers (small state per transfer), segments (the
 * index: one entry per distinct (offset, length), never the bytes), timers (time-ordered due times) and clients
 * (quota counters of this task); plus the global mirror of every task's counters (ferry.usage).
 */
final class TransferStore {
    static final String TRANSFERS = "ferry-assembler-transfers";
    /**
     * Format of {@link Transfer} in the store and its changelog. Bump it (with an upgrade step) when a field is
     * renamed or changes meaning; TransferFormatTest reads a sample of every earlier version.
     */
    static final VersionedJson<Transfer> TRANSFER_FORMAT = new VersionedJson<>(Transfer.class, 1, Map.of());
    static final String SEGMENTS = "ferry-assembler-segments";
    static final String TIMERS = "ferry-assembler-timers";
    static final String CLIENTS = "ferry-assembler-clients";
    /** Global: every task's per-client usage as published on ferry.usage (a raw mirror of the topic). */
    static final String CLIENT_USAGE = "ferry-assembler-client-usage";
    private static final int SEGMENT_SUFFIX = 12;

    private final KeyValueStore<TransferId, Transfer> transfers;
    private final KeyValueStore<Bytes, byte[]> segments;
    private final KeyValueStore<Bytes, byte[]> timers;
    private final KeyValueStore<String, ClientUsage> clients;
    private final KeyValueStore<Bytes, byte[]> clientUsage;
    private final int partition;
    private final BiConsumer<String, ClientUsage> onCharge;

    /** {@code onCharge} hears every change of a client's usage in this task (to publish it on ferry.usage). */
    TransferStore(ProcessingContext context, BiConsumer<String, ClientUsage> onCharge) {
        transfers = context.getStateStore(TRANSFERS);
        segments = context.getStateStore(SEGMENTS);
        timers = context.getStateStore(TIMERS);
        clients = context.getStateStore(CLIENTS);
        clientUsage = context.getStateStore(CLIENT_USAGE);
        partition = context.taskId().partition();
        this.onCharge = onCharge;
    }

    /** The global mirror of ferry.usage; its updates only ever come from the topic. */
    static StoreBuilder<KeyValueStore<Bytes, byte[]>> clientUsageBuilder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLIENT_USAGE), Serdes.Bytes(),
                Serdes.ByteArray()).withLoggingDisabled();
    }

    /**
     * What {@code clientId} holds in every other task, as last published, with the files of fixed window
     * {@code window}: at most one record per partition, so a short range read. This task's own record is skipped
     * because its local counter is newer.
     */
    ClientUsage elsewhere(String clientId, long window) {
        byte[] prefix = ClientUsageRecord.prefix(clientId);
        byte[] from = Arrays.copyOf(prefix, prefix.length + 4);
        byte[] to = from.clone();
        Arrays.fill(to, prefix.length, to.length, (byte) 0xFF);
        int transfersElsewhere = 0;
        long bytesElsewhere = 0;
        int filesElsewhere = 0;
        try (KeyValueIterator<Bytes, byte[]> it = clientUsage.range(Bytes.wrap(from), Bytes.wrap(to))) {
            while (it.hasNext()) {
                byte[] value = it.next().value;
                ClientUsageRecord record = value == null ? null
                        : FerrySerdes.usage().deserializer().deserialize(CLIENT_USAGE, value);
                if (record != null && record.partition() != partition && record.clientId().equals(clientId)) {
                    transfersElsewhere += record.transfers();
                    bytesElsewhere += record.bytes();
                    filesElsewhere += record.filesWindow() == window ? record.files() : 0;
                }
            }
        }
        return new ClientUsage(transfersElsewhere, bytesElsewhere, window, filesElsewhere);
    }

    static List<StoreBuilder<?>> builders() {
        return List.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRANSFERS),
                        FerrySerdes.transferIds(), FerrySerdes.versioned(TRANSFER_FORMAT)),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEGMENTS),
                        Serdes.Bytes(), Serdes.ByteArray()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMERS),
                        Serdes.Bytes(), Serdes.ByteArray()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLIENTS),
                        Serdes.String(), FerrySerdes.json(ClientUsage.class)));
    }

    Transfer get(TransferId id) {
        return transfers.get(id);
    }

    void put(TransferId id, Transfer transfer) {
        transfers.put(id, transfer);
    }

    void delete(TransferId id) {
        transfers.delete(id);
    }

    boolean hasSegment(TransferId id, long fileOffset, int length) {
        return segments.get(segmentKey(id, fileOffset, length)) != null;
    }

    /** {@code at} is the record time of the segment's ferry.commands record (value: kafka offset, then time). */
    void putSegment(TransferId id, IndexedSegment segment, long at) {
        byte[] value = ByteBuffer.allocate(16).putLong(segment.kafkaOffset()).putLong(at).array();
        segments.put(segmentKey(id, segment.fileOffset(), segment.length()), value);
    }

    /** What {@link #prune} dropped and what the index still holds, in file order. */
    record Pruned(int removedCount, long removedBytes, List<IndexedSegment> remaining, Long oldestRemainingAt) {
    }

    /**
     * Drops the entries whose record time is at or before {@code cutoff}; entries written before times were kept
     * count as {@code legacyAt}. One pass over the transfer's index, bounded by {@link TransferLimits#maxSegments}.
     */
    Pruned prune(TransferId id, long cutoff, long legacyAt) {
        List<Bytes> stale = new ArrayList<>();
        List<IndexedSegment> remaining = new ArrayList<>();
        long removedBytes = 0;
        Long oldest = null;
        try (KeyValueIterator<Bytes, byte[]> it = segmentRange(id)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> entry = it.next();
                IndexedSegment segment = decode(entry);
                ByteBuffer value = ByteBuffer.wrap(entry.value);
                long at = entry.value.length >= 16 ? value.getLong(8) : legacyAt;
                if (at <= cutoff) {
                    stale.add(entry.key);
                    removedBytes += segment.length();
                } else {
                    remaining.add(segment);
                    oldest = oldest == null ? at : Math.min(oldest, at);
                }
            }
        }
        stale.forEach(segments::delete);
        return new Pruned(stale.size(), removedBytes, remaining, oldest);
    }

    /** The transfer's index in file order. */
    List<IndexedSegment> segments(TransferId id) {
        List<IndexedSegment> result = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = segmentRange(id)) {
            while (it.hasNext()) {
                result.add(decode(it.next()));
            }
        }
        return result;
    }

    private static IndexedSegment decode(KeyValue<Bytes, byte[]> entry) {
        byte[] key = entry.key.get();
        ByteBuffer suffix = ByteBuffer.wrap(key, key.length - SEGMENT_SUFFIX, SEGMENT_SUFFIX);
        long kafkaOffset = ByteBuffer.wrap(entry.value).getLong();
        return new IndexedSegment(suffix.getLong(), suffix.getInt(), kafkaOffset);
    }

    void deleteSegments(TransferId id) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = segmentRange(id)) {
            it.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(segments::delete);
    }

    void addTimer(Timer timer) {
        timers.put(timer.key(), new byte[0]);
    }

    void removeTimer(Timer timer) {
        timers.delete(timer.key());
    }

    /** Up to {@code limit} timers due at {@code now}, earliest first; collected before the caller changes stores. */
    List<Timer> dueTimers(long now, int limit) {
        List<Timer> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = timers.all()) {
            while (it.hasNext() && due.size() < limit) {
                Bytes key = it.next().key;
                if (Timer.at(key) > now) {
                    break;
                }
                due.add(Timer.fromKey(key));
            }
        }
        return due;
    }

    ClientUsage usage(String clientId) {
        ClientUsage usage = clients.get(clientId);
        return usage == null ? ClientUsage.NONE : usage;
    }

    void charge(String clientId, int transfers, long bytes) {
        if (transfers == 0 && bytes == 0) {
            return;
        }
        ClientUsage usage = usage(clientId).plus(transfers, bytes);
        if (usage.isEmpty()) {
            clients.delete(clientId);
        } else {
            clients.put(clientId, usage);
        }
        onCharge.accept(clientId, usage);
    }

    /** Counts one completed file of the client in fixed window {@code window}. */
    void countFile(String clientId, long window) {
        ClientUsage usage = usage(clientId).withFile(window);
        clients.put(clientId, usage);
        onCharge.accept(clientId, usage);
    }

    /**
     * {@code [id length: 4][id][fileOffset: 8][length: 4]}, big-endian: one transfer's entries are contiguous and
     * in file order, and the length prefix keeps one id from being a prefix of another's range.
     */
    private static Bytes segmentKey(TransferId id, long fileOffset, int length) {
        return Bytes.wrap(prefix(id, SEGMENT_SUFFIX).putLong(fileOffset).putInt(length).array());
    }

    private KeyValueIterator<Bytes, byte[]> segmentRange(TransferId id) {
        byte[] from = prefix(id, SEGMENT_SUFFIX).array();
        byte[] to = from.clone();
        Arrays.fill(to, to.length - SEGMENT_SUFFIX, to.length, (byte) 0xFF);
        return segments.range(Bytes.wrap(from), Bytes.wrap(to));
    }

    private static ByteBuffer prefix(TransferId id, int extra) {
        byte[] encoded = id.encodeBytes();
        return ByteBuffer.allocate(4 + encoded.length + extra).putInt(encoded.length).put(encoded);
    }
}
