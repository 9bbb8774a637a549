package io.ferry.exporter;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the streams of one exporter did ({@link PrefixStreams}), read by {@link StreamMetrics}
 * ({@code ferry_exporter_stream_*}): streams opened, refused, ended by reason, and the file bytes written into the
 * sinks while uploads were received.
 */
final class StreamStats {
    /** Why a stream ended. Only {@link #TAKEN_OVER} saves the export its work; the others export from zero. */
    enum End {
        /** An export continued it at fin. */
        TAKEN_OVER,
        /** The manifest did not start with what was streamed (another record chosen, a re-send): from zero. */
        RESTARTED,
        /** The device aborted the upload. */
        ABORTED,
        /** A different init for the same file id. */
        REPLACED,
        /** Nothing received for the idle timeout. */
        IDLE_EXPIRED,
        /** Idle long enough and its slot (or buffer budget) was needed by a new stream. */
        EVICTED,
        /** A sink failed while streaming. */
        FAILED,
        /** This exporter no longer owns the partition. */
        REVOKED,
        /** The exporter stopped. */
        CLOSED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why an upload that qualified was not streamed (it exports after fin). */
    enum Refusal {
        /** Every slot, or the buffer budget, was taken by streams that were not idle long enough to evict. */
        FULL,
        /** A sink could not begin the write. */
        SINK;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong takenOverBytes = new AtomicLong();
    private final Map<End, AtomicLong> ends = new EnumMap<>(End.class);
    private final Map<Refusal, AtomicLong> refusals = new EnumMap<>(Refusal.class);

    StreamStats() {
        for (End end : End.values()) {
            ends.put(end, new AtomicLong());
        }
        for (Refusal refusal : Refusal.values()) {
            refusals.put(refusal, new AtomicLong());
        }
    }

    void opened() {
        opened.incrementAndGet();
    }

    void streamed(long length) {
        bytes.addAndGet(length);
    }

    void ended(End end, long streamedBytes) {
        ends.get(end).incrementAndGet();
        if (end == End.TAKEN_OVER) {
            takenOverBytes.addAndGet(streamedBytes);
        }
    }

    void refused(Refusal refusal) {
        refusals.get(refusal).incrementAndGet();
    }

    long openedCount() {
        return opened.get();
    }

    /** File bytes written into the sinks while uploads were received. */
    long streamedBytes() {
        return bytes.get();
    }

    /** File bytes exports did not have to read back because they were streamed. */
    long takenOverBytes() {
        return takenOverBytes.get();
    }

    long ends(End end) {
        return ends.get(end).get();
    }

    /** Streams that ended any other way than being taken over. */
    long discarded() {
        return ends.entrySet().stream().filter(e -> e.getKey() != End.TAKEN_OVER)
                .mapToLong(e -> e.getValue().get()).sum();
    }

    long refusals(Refusal refusal) {
        return refusals.get(refusal).get();
    }
}
