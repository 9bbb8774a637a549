package io.ferry.exporter;

import static java.util.Objects.requireNonNull;

import io.ferry.config.Settings;
import java.time.Duration;

/**
 * Export while receiving (keys {@code ferry.exporter.stream.*}; docs/architecture.md "Exporter"). {@code enabled}:
 * stream the contiguous prefix of uploads into the sinks while they are received, so that at fin only the tail, the
 * checksum comparison and the commit remain. Only uploads whose init declares a size of at least {@code minSize}
 * bytes are streamed (smaller ones export quickly after fin anyway). At most {@code maxTransfers} streams per
 * exporter are open at once (more uploads export after fin): that is what bounds the memory and open files of
 * streaming. A stream that received nothing for {@code idleTimeout} is abandoned (temporary file deleted, multipart
 * upload aborted). The local temporary file is flushed to disk every {@code syncBytes}, so that the fsync at commit
 * only has the tail left to write. The open streams together hold at most {@code maxBufferBytes} of sink part
 * buffers (S3; docs/operations.md "Memory"). When a new stream needs a slot or buffers, streams that received
 * nothing for {@code evictAfter} are evicted, longest idle first (their uploads then export from zero).
 */
record StreamConfig(boolean enabled, long minSize, int maxTransfers, Duration idleTimeout, long syncBytes,
                    Duration evictAfter, long maxBufferBytes) {
    public static final boolean DEFAULT_ENABLED = true;
    /** Below this the whole export after fin is quick, and S3 would buffer the whole file for its single PUT. */
    public static final long DEFAULT_MIN_SIZE = 16L * 1024 * 1024;
    /**
     * Bounds open files (a local stream is one temporary file and two digests; the heap of S3 streams is bounded by
     * {@link #DEFAULT_MAX_BUFFER_BYTES}). An upload that finds no slot exports after fin and reads its bytes back
     * from Kafka, several times over where uploads share partitions (bench (a): 4×), so slots are cheap and many.
     */
    public static final int DEFAULT_MAX_TRANSFERS = 64;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final long DEFAULT_SYNC_BYTES = 16L * 1024 * 1024;
    /** Long enough for a device's reconnect, short against the idle timeout that frees a slot otherwise. */
    public static final Duration DEFAULT_EVICT_AFTER = Duration.ofMinutes(1);
    /**
     * Two S3 streams' part buffers (2 × 8 MiB each for files up to 72 GiB), so that the worst case of a whole
     * exporter stays within a 256 MiB heap (docs/operations.md "Memory"). Local streams hold no buffers.
     */
    public static final long DEFAULT_MAX_BUFFER_BYTES = 32L * 1024 * 1024;

    StreamConfig {
        requireNonNull(idleTimeout, "idleTimeout");
        requireNonNull(evictAfter, "evictAfter");
        if (minSize < 0 || maxTransfers < 1 || idleTimeout.isNegative() || idleTimeout.isZero() || syncBytes < 1
                || evictAfter.isNegative() || maxBufferBytes < 0) {
            throw new IllegalArgumentException("invalid stream settings " + minSize + "/" + maxTransfers + "/"
                    + idleTimeout + "/" + syncBytes + "/" + evictAfter + "/" + maxBufferBytes);
        }
    }

    /** With the default eviction and buffer budget. */
    StreamConfig(boolean enabled, long minSize, int maxTransfers, Duration idleTimeout, long syncBytes) {
        this(enabled, minSize, maxTransfers, idleTimeout, syncBytes, DEFAULT_EVICT_AFTER, DEFAULT_MAX_BUFFER_BYTES);
    }

    static StreamConfig defaults() {
        return new StreamConfig(DEFAULT_ENABLED, DEFAULT_MIN_SIZE, DEFAULT_MAX_TRANSFERS, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_SYNC_BYTES, DEFAULT_EVICT_AFTER, DEFAULT_MAX_BUFFER_BYTES);
    }

    static StreamConfig fromSettings(Settings settings) {
        return new StreamConfig(settings.get(ExporterSettings.STREAM_ENABLED),
                settings.get(ExporterSettings.STREAM_MIN_SIZE), settings.get(ExporterSettings.STREAM_MAX_TRANSFERS),
                settings.get(ExporterSettings.STREAM_IDLE_TIMEOUT), settings.get(ExporterSettings.STREAM_SYNC_BYTES),
                settings.get(ExporterSettings.STREAM_EVICT_AFTER), settings.get(ExporterSettings.STREAM_MAX_BUFFER_BYTES));
    }
}
