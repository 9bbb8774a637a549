package io.ferry.exporter;

import io.ferry.exporter.sink.ExportFile;
import io.ferry.exporter.sink.Sink;
import io.ferry.exporter.sink.SinkWrite;
import io.ferry.records.CommandRecord;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Init;
import io.ferry.records.Manifest;
import io.ferry.protocol.Segment;
import io.ferry.records.TransferId;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uploads this exporter is streaming while they are received ({@link TransferStream}), fed command by command
 * from ferry.commands by {@link PrefixStreamer}, and taken over by the export of their manifest. An init that
 * declares a size of at least {@link StreamConfig#minSize()} opens a stream, segments extend it, an abort or a
 * different init discards it, and so does inactivity for {@link StreamConfig#idleTimeout()}. At most
 * {@link StreamConfig#maxTransfers()} streams are open, holding at most {@link StreamConfig#maxBufferBytes()} of
 * sink part buffers together: when a new stream needs a slot or buffers, streams idle for at least
 * {@link StreamConfig#evictAfter()} are evicted, longest idle first (so inits never followed by a manifest cannot
 * block streaming for the whole idle timeout); if that is not enough the new upload exports after fin. Any sink
 * failure while streaming only discards the stream: the export after fin, with its retries, is always there behind
 * it, and every stream that ends without being taken over is simply an export from zero.
 */
final class PrefixStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrefixStreams.class);
    private final List<Sink> sinks;
    private final StreamConfig config;
    private final Clock clock;
    private final ToLongFunction<ExportFile> bufferBytes;
    private final Map<TransferId, TransferStream> streams = new ConcurrentHashMap<>();
    private final AtomicLong reservedBuffers = new AtomicLong();
    private final StreamStats stats = new StreamStats();

    PrefixStreams(List<Sink> sinks, StreamConfig config, Clock clock) {
        this(sinks, config, clock, StreamBuffers.of(sinks));
    }

    /** {@code bufferBytes}: the part buffers the sinks hold at most while streaming a file (S3: per multipart). */
    PrefixStreams(List<Sink> sinks, StreamConfig config, Clock clock, ToLongFunction<ExportFile> bufferBytes) {
        this.sinks = List.copyOf(sinks);
        this.config = config;
        this.clock = clock;
        this.bufferBytes = bufferBytes;
    }

    /** Streams that never open: every export happens after fin. */
    static PrefixStreams disabled(List<Sink> sinks, Clock clock) {
        return new PrefixStreams(sinks, new StreamConfig(false, 0, 1, StreamConfig.DEFAULT_IDLE_TIMEOUT, 1), clock);
    }

    /** One command of ferry.commands, at {@code kafkaOffset} of {@code partition}, in log order. */
    void accept(int partition, long kafkaOffset, CommandRecord record) {
        TransferId id = record.transferId();
        switch (record.command().kind()) {
            case INIT -> open(id, partition, ((Init) record.command()).meta());
            case SEGMENT -> append(id, kafkaOffset, (Segment) record.command());
            case ABORT -> end(id, StreamStats.End.ABORTED);
            case FIN, STATUS -> {
            }
        }
    }

    private void open(TransferId id, int partition, FileMeta meta) {
        if (!config.enabled() || meta.size() == null || meta.size() < config.minSize()) {
            end(id, StreamStats.End.REPLACED);
            return;
        }
        ExportFile file;
        try {
            file = new ExportFile(id, meta, meta.size(), meta.checksum());
        } catch (IllegalArgumentException e) {
            return;
        }
        TransferStream existing = streams.get(id);
        if (existing != null && existing.sameUpload(file)) {
            return; // a re-sent init of the same upload
        }
        end(id, StreamStats.End.REPLACED);
        long buffers = bufferBytes.applyAsLong(file);
        if (!makeRoom(buffers)) {
            stats.refused(StreamStats.Refusal.FULL);
            LOG.debug("transferId={} clientId={} not streamed: {} streams open, {} buffer bytes reserved",
                    id.encode(), id.clientId(), streams.size(), reservedBuffers.get());
            return;
        }
        Map<Sink, SinkWrite> writes = new LinkedHashMap<>();
        try {
            for (Sink sink : sinks) {
                writes.put(sink, sink.begin(file));
            }
        } catch (RuntimeException e) {
            // A sink that is down now is the export's problem after fin, with its retries.
            writes.values().forEach(SinkWrite::abort);
            stats.refused(StreamStats.Refusal.SINK);
            LOG.info("transferId={} clientId={} not streamed: {}", id.encode(), id.clientId(), e.toString());
            return;
        }
        reservedBuffers.addAndGet(buffers);
        streams.put(id, new TransferStream(partition, file, writes, config.syncBytes(), buffers, clock.instant()));
        stats.opened();
    }

    /**
     * Evicts streams idle for at least {@link StreamConfig#evictAfter()}, longest idle first, until a new stream
     * holding {@code buffers} fits in both the slots and the buffer budget; false if it cannot.
     */
    private boolean makeRoom(long buffers) {
        if (buffers > config.maxBufferBytes()) {
            return false;
        }
        Instant cutoff = clock.instant().minus(config.evictAfter());
        while (streams.size() >= config.maxTransfers() || reservedBuffers.get() + buffers > config.maxBufferBytes()) {
            Optional<Map.Entry<TransferId, TransferStream>> idlest = streams.entrySet().stream()
                    .filter(e -> !e.getValue().lastActivity().isAfter(cutoff))
                    .min(Comparator.comparing(e -> e.getValue().lastActivity()));
            if (idlest.isEmpty()) {
                return false;
            }
            TransferId victim = idlest.get().getKey();
            LOG.info("transferId={} clientId={} stream idle since {}, evicted for a new stream", victim.encode(),
                    victim.clientId(), idlest.get().getValue().lastActivity());
            end(victim, StreamStats.End.EVICTED);
        }
        return true;
    }

    private void append(TransferId id, long kafkaOffset, Segment segment) {
        TransferStream stream = streams.get(id);
        if (stream == null) {
            return;
        }
        long before = stream.streamedBytes();
        try {
            stream.append(kafkaOffset, segment, clock.instant());
        } catch (RuntimeException e) {
            LOG.info("transferId={} clientId={} streaming stopped, exporting after fin: {}", id.encode(),
                    id.clientId(), e.toString());
            end(id, StreamStats.End.FAILED);
            return;
        }
        stats.streamed(stream.streamedBytes() - before);
    }

    /** The streamed prefix of {@code manifest}'s file, if one matches it; the stream is gone afterwards either way. */
    Optional<StreamedPrefix> take(Manifest manifest, ExportFile file) {
        TransferStream stream = streams.remove(manifest.transferId());
        if (stream == null) {
            return Optional.empty();
        }
        reservedBuffers.addAndGet(-stream.bufferBytes());
        Optional<StreamedPrefix> prefix = stream.handOver(manifest, file);
        if (prefix.isPresent()) {
            stats.ended(StreamStats.End.TAKEN_OVER, prefix.get().bytes());
        } else {
            stats.ended(StreamStats.End.RESTARTED, 0);
            LOG.info("transferId={} clientId={} streamed prefix does not match the manifest, exporting from zero",
                    manifest.transferId().encode(), manifest.transferId().clientId());
        }
        return prefix;
    }

    /** Abandons streams that received nothing for the idle timeout (uploads that never finish). */
    void expireIdle() {
        var cutoff = clock.instant().minus(config.idleTimeout());
        streams.forEach((id, stream) -> {
            if (stream.idleSince(cutoff)) {
                LOG.info("transferId={} clientId={} stream idle for {}, abandoned", id.encode(), id.clientId(),
                        config.idleTimeout());
                end(id, StreamStats.End.IDLE_EXPIRED);
            }
        });
    }

    /** Abandons the streams of ferry.commands partitions this exporter no longer reads. */
    void retainPartitions(Set<Integer> partitions) {
        streams.forEach((id, stream) -> {
            if (!partitions.contains(stream.partition())) {
                end(id, StreamStats.End.REVOKED);
            }
        });
    }

    private void end(TransferId id, StreamStats.End why) {
        TransferStream stream = streams.remove(id);
        if (stream != null) {
            reservedBuffers.addAndGet(-stream.bufferBytes());
            stream.discard();
            stats.ended(why, 0);
        }
    }

    /** How many bytes of {@code id} are streamed so far; -1 if it has no stream. */
    long streamedBytes(TransferId id) {
        TransferStream stream = streams.get(id);
        return stream == null ? -1 : stream.streamedBytes();
    }

    int open() {
        return streams.size();
    }

    /** Sink part buffers the open streams may hold together (at most {@link StreamConfig#maxBufferBytes()}). */
    long reservedBufferBytes() {
        return reservedBuffers.get();
    }

    StreamStats stats() {
        return stats;
    }

    /** Streams opened, handed over to an export, and discarded (mismatch, abort, idle, failure) so far. */
    long opened() {
        return stats.openedCount();
    }

    long handedOver() {
        return stats.ends(StreamStats.End.TAKEN_OVER);
    }

    /** File bytes exports did not have to read back because they were streamed. */
    long handedOverBytes() {
        return stats.takenOverBytes();
    }

    long discarded() {
        return stats.discarded();
    }

    @Override
    public void close() {
        streams.keySet().forEach(id -> end(id, StreamStats.End.CLOSED));
    }
}
