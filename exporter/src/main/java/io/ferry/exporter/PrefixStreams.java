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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uploads this exporter is streaming while they are received ({@link TransferStream}), fed command by command
 * from ferry.commands by {@link PrefixStreamer}, and taken over by the export of their manifest. An init that
 * declares a size of at least {@link StreamConfig#minSize()} opens a stream (if fewer than
 * {@link StreamConfig#maxTransfers()} are open), segments extend it, an abort or a different init discards it, and
 * so does inactivity for {@link StreamConfig#idleTimeout()}. Any sink failure while streaming only discards the
 * stream: the export after fin, with its retries, is always there behind it.
 */
final class PrefixStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrefixStreams.class);
    private final List<Sink> sinks;
    private final StreamConfig config;
    private final Clock clock;
    private final Map<TransferId, TransferStream> streams = new ConcurrentHashMap<>();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong handedOver = new AtomicLong();
    private final AtomicLong handedOverBytes = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();

    PrefixStreams(List<Sink> sinks, StreamConfig config, Clock clock) {
        this.sinks = List.copyOf(sinks);
        this.config = config;
        this.clock = clock;
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
            case ABORT -> discard(id);
            case FIN, STATUS -> {
            }
        }
    }

    private void open(TransferId id, int partition, FileMeta meta) {
        if (!config.enabled() || meta.size() == null || meta.size() < config.minSize()) {
            discard(id);
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
        discard(id);
        if (streams.size() >= config.maxTransfers()) {
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
            LOG.info("transferId={} clientId={} not streamed: {}", id.encode(), id.clientId(), e.toString());
            return;
        }
        streams.put(id, new TransferStream(partition, file, writes, config.syncBytes(), clock.instant()));
        opened.incrementAndGet();
    }

    private void append(TransferId id, long kafkaOffset, Segment segment) {
        TransferStream stream = streams.get(id);
        if (stream == null) {
            return;
        }
        try {
            stream.append(kafkaOffset, segment, clock.instant());
        } catch (RuntimeException e) {
            LOG.info("transferId={} clientId={} streaming stopped, exporting after fin: {}", id.encode(),
                    id.clientId(), e.toString());
            discard(id);
        }
    }

    /** The streamed prefix of {@code manifest}'s file, if one matches it; the stream is gone afterwards either way. */
    Optional<StreamedPrefix> take(Manifest manifest, ExportFile file) {
        TransferStream stream = streams.remove(manifest.transferId());
        if (stream == null) {
            return Optional.empty();
        }
        Optional<StreamedPrefix> prefix = stream.handOver(manifest, file);
        if (prefix.isPresent()) {
            handedOver.incrementAndGet();
            handedOverBytes.addAndGet(prefix.get().bytes());
        } else {
            discarded.incrementAndGet();
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
                discard(id);
            }
        });
    }

    /** Abandons the streams of ferry.commands partitions this exporter no longer reads. */
    void retainPartitions(Set<Integer> partitions) {
        streams.forEach((id, stream) -> {
            if (!partitions.contains(stream.partition())) {
                discard(id);
            }
        });
    }

    private void discard(TransferId id) {
        TransferStream stream = streams.remove(id);
        if (stream != null) {
            stream.discard();
            discarded.incrementAndGet();
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

    /** Streams opened, handed over to an export, and discarded (mismatch, abort, idle, failure) so far. */
    long opened() {
        return opened.get();
    }

    long handedOver() {
        return handedOver.get();
    }

    /** File bytes exports did not have to read back because they were streamed. */
    long handedOverBytes() {
        return handedOverBytes.get();
    }

    long discarded() {
        return discarded.get();
    }

    @Override
    public void close() {
        streams.keySet().forEach(this::discard);
    }
}
