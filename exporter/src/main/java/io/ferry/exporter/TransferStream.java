package io.ferry.exporter;

import io.ferry.exporter.sink.ExportFile;
import io.ferry.exporter.sink.Sink;
import io.ferry.exporter.sink.SinkWrite;
import io.ferry.records.Manifest;
import io.ferry.protocol.Segment;
import io.ferry.records.SegmentPointer;
import io.ferry.protocol.Sha256;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One upload being exported while it is received: the segments that extend its contiguous prefix from offset 0, in
 * the order ferry.commands holds them, are written into one open write per sink and hashed. Besides the content
 * digest it keeps a digest of the pointers it streamed ({@code [kafkaOffset, fileOffset, length]}), so that memory
 * stays constant whatever the number of segments, and the manifest can later prove that its coverage chain starts
 * with exactly these records: the same records are the same bytes, so the streamed prefix is byte for byte what
 * the export after fin would have written. Anything else (another record chosen for a range, an overlapping
 * re-send, a different size or meta) discards the stream and the export starts from zero.
 * Thread-safe: the streamer appends, an export worker takes it over.
 */
final class TransferStream {
    private final int partition;
    private final ExportFile file;
    private final Map<Sink, SinkWrite> writes;
    private final long syncBytes;
    private final long bufferBytes;
    private final MessageDigest content = Sha256.newDigest();
    private final MessageDigest chain = Sha256.newDigest();
    private int count;
    private long end;
    private long unsynced;
    private Instant lastActivity;
    private boolean closed;

    TransferStream(int partition, ExportFile file, Map<Sink, SinkWrite> writes, long syncBytes, long bufferBytes,
                   Instant now) {
        this.partition = partition;
        this.file = file;
        this.writes = new LinkedHashMap<>(writes);
        this.syncBytes = syncBytes;
        this.bufferBytes = bufferBytes;
        this.lastActivity = now;
    }

    int partition() {
        return partition;
    }

    ExportFile file() {
        return file;
    }

    /** Streams {@code segment} (the record at {@code kafkaOffset}) if it starts exactly where the prefix ends. */
    synchronized void append(long kafkaOffset, Segment segment, Instant now) {
        if (closed || segment.offset() != end || end >= file.size() || segment.length() == 0) {
            return;
        }
        int length = (int) Math.min(segment.length(), file.size() - end);
        ByteBuffer bytes = segment.payload().duplicate();
        bytes.limit(bytes.position() + length);
        content.update(bytes.duplicate());
        for (SinkWrite write : writes.values()) {
            write.write(bytes.duplicate());
        }
        addPointer(chain, new SegmentPointer(kafkaOffset, end, length));
        count++;
        end += length;
        unsynced += length;
        lastActivity = now;
        if (unsynced >= syncBytes) {
            writes.values().forEach(SinkWrite::sync);
            unsynced = 0;
        }
    }

    /**
     * Ends streaming: the open writes and digest if {@code manifest} (exported as {@code exported}) starts with
     * exactly what was streamed, otherwise nothing, and everything written is aborted.
     */
    synchronized Optional<StreamedPrefix> handOver(Manifest manifest, ExportFile exported) {
        if (closed) {
            return Optional.empty();
        }
        closed = true;
        if (!matches(manifest, exported)) {
            writes.values().forEach(SinkWrite::abort);
            return Optional.empty();
        }
        return Optional.of(new StreamedPrefix(writes, content, count, end));
    }

    private boolean matches(Manifest manifest, ExportFile exported) {
        boolean sameFile = file.transferId().equals(exported.transferId()) && file.meta().equals(exported.meta())
                && file.size() == exported.size()
                && (file.expectedSha256() == null || file.expectedSha256().equals(exported.expectedSha256()));
        List<SegmentPointer> pointers = manifest.segments();
        if (!sameFile || count > pointers.size()) {
            return false;
        }
        MessageDigest expected = Sha256.newDigest();
        for (int i = 0; i < count; i++) {
            addPointer(expected, pointers.get(i));
        }
        return Arrays.equals(expected.digest(), chain.digest());
    }

    /** Aborts every write; a later {@link #handOver} returns nothing. */
    synchronized void discard() {
        if (!closed) {
            closed = true;
            writes.values().forEach(SinkWrite::abort);
        }
    }

    synchronized boolean idleSince(Instant cutoff) {
        return lastActivity.isBefore(cutoff);
    }

    synchronized Instant lastActivity() {
        return lastActivity;
    }

    /** The sinks' part buffers this stream may hold at once (reserved against the streams' budget). */
    long bufferBytes() {
        return bufferBytes;
    }

    synchronized long streamedBytes() {
        return end;
    }

    boolean sameUpload(ExportFile other) {
        return file.meta().equals(other.meta()) && file.size() == other.size()
                && Objects.equals(file.expectedSha256(), other.expectedSha256());
    }

    private static void addPointer(MessageDigest digest, SegmentPointer pointer) {
        digest.update(ByteBuffer.allocate(3 * Long.BYTES).putLong(pointer.kafkaOffset())
                .putLong(pointer.fileOffset()).putLong(pointer.length()).flip());
    }
}
