package io.ferry.assembler;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ferry.protocol.ByteRange;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Sha256;
import io.ferry.protocol.TransferState;
import java.util.ArrayList;
import java.util.List;

/**
 * The assembler's state of one transfer, kept in RocksDB and changelogged. It is an index only: the segment index
 * lives in its own store and the bytes stay in ferry.commands, so this record stays small. Its fields come in
 * groups that change together; a change is a copy with one group replaced ({@code t.with(t.finish().answered())}).
 * Stored flat, as {@link TransferJson}: the grouping is not part of the format.
 *
 * @param upload   fixed when the upload starts
 * @param state    RECEIVING, EXPORTING, EXPORTED or FAILED (export failed; behaves like RECEIVING)
 * @param meta     the init, or null before it arrived
 * @param progress what the segment index holds
 * @param finish   the latest fin and the fins waiting for an answer
 * @param timing   activity times and where this transfer's timers sit in the timer store
 * @param export   the export's digest and what waits for its outcome
 */
record Transfer(Upload upload, TransferState state, FileMeta meta, Progress progress, Finish finish, Timing timing,
                Export export) {

    Transfer {
        requireNonNull(upload, "upload");
        requireNonNull(state, "state");
        requireNonNull(progress, "progress");
        requireNonNull(finish, "finish");
        requireNonNull(timing, "timing");
        requireNonNull(export, "export");
    }

    /** Field by field, in the order of the stored format ({@link TransferJson}). */
    Transfer(long generation, TransferState state, FileMeta meta, int partition, List<ByteRange> received,
             long storedBytes, int segmentCount, FinRequest fin, List<ReplyTo> waiters, Long graceUntil,
             List<OpenPublish> openPublishes, Sha256 sha256, long startedAt, long lastActivityAt, long lastSnapshotAt,
             Long expiryTimer, Long snapshotTimer, List<ReplyTo> aborts, Long deletedAt, Long oldestSegmentAt) {
        this(new Upload(generation, partition, startedAt), state, meta,
                new Progress(received, storedBytes, segmentCount, oldestSegmentAt, openPublishes),
                new Finish(fin, waiters, graceUntil), new Timing(lastActivityAt, lastSnapshotAt, expiryTimer,
                        snapshotTimer), new Export(sha256, aborts, deletedAt));
    }

    static Transfer start(long generation, int partition, long now) {
        return new Transfer(new Upload(generation, partition, now), TransferState.RECEIVING, null, Progress.NONE,
                Finish.NONE, new Timing(now, 0, null, null), Export.NONE);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Transfer fromJson(TransferJson json) {
        return json.transfer();
    }

    @JsonValue
    TransferJson toJson() {
        return TransferJson.of(this);
    }

    /**
     * The ferry.commands offset of the command that started this upload: unique and increasing, so an export
     * outcome of an earlier upload (before an abort or expiry) is recognised as stale.
     */
    long generation() {
        return upload.generation();
    }

    /** RECEIVING or FAILED: segments are indexed and a fin can start an export. */
    boolean isReceiving() {
        return state == TransferState.RECEIVING || state == TransferState.FAILED;
    }

    /** Counted against the client's quotas: everything before a successful export. */
    boolean isLive() {
        return state != TransferState.EXPORTED;
    }

    /** Size for status: fin's if seen, else init's, else null. */
    Long knownSize() {
        if (finish.fin() != null) {
            return finish.fin().size();
        }
        return meta == null ? null : meta.size();
    }

    /** Fins and aborts this transfer still owes an answer (what {@link TransferLimits} bounds). */
    List<ReplyTo> owed() {
        List<ReplyTo> all = new ArrayList<>(finish.waiters());
        all.addAll(export.aborts());
        return all;
    }

    Transfer withState(TransferState value) {
        return new Transfer(upload, value, meta, progress, finish, timing, export);
    }

    Transfer withMeta(FileMeta value) {
        return new Transfer(upload, state, value, progress, finish, timing, export);
    }

    /** This transfer with one group replaced. */
    Transfer with(Part value) {
        return new Transfer(upload, state, meta,
                value instanceof Progress p ? p : progress,
                value instanceof Finish f ? f : finish,
                value instanceof Timing t ? t : timing,
                value instanceof Export e ? e : export);
    }

    /** The groups that change as the transfer goes on ({@link #with(Part)}). */
    sealed interface Part permits Progress, Finish, Timing, Export {
    }

    /** Activity at {@code now}: the TTL counts from here. */
    Transfer touched(long now) {
        return with(timing.touched(now));
    }

    /**
     * @param generation see {@link Transfer#generation()}
     * @param partition  the ferry.commands partition holding every record of this transfer
     * @param startedAt  when the first command of this upload was handled
     */
    record Upload(long generation, int partition, long startedAt) {
        Upload {
            if (partition < 0) {
                throw new IllegalArgumentException("negative partition: " + partition);
            }
        }
    }

    /**
     * What the segment index holds.
     *
     * @param received        merged ranges of indexed segments
     * @param storedBytes     sum of indexed segment lengths, charged to the client's bytes-in-flight quota
     * @param segmentCount    indexed segments (bounded by {@link TransferLimits#maxSegments})
     * @param oldestSegmentAt record time of the oldest indexed segment, or null: when it passes the segment max age
     *                        the old part of the index is dropped (ferry.commands may have deleted those records)
     * @param openPublishes   split segment PUBLISHes whose first part was judged and whose last part is still due
     */
    record Progress(List<ByteRange> received, long storedBytes, int segmentCount, Long oldestSegmentAt,
                    List<OpenPublish> openPublishes) implements Part {
        static final Progress NONE = new Progress(List.of(), 0, 0, null, List.of());

        Progress {
            received = List.copyOf(requireNonNull(received, "received"));
            openPublishes = List.copyOf(requireNonNull(openPublishes, "openPublishes"));
            if (storedBytes < 0 || segmentCount < 0) {
                throw new IllegalArgumentException("negative storedBytes or segmentCount");
            }
        }

        /** The whole file of {@code size} bytes received and its index dropped (what an exported transfer keeps). */
        static Progress whole(long size) {
            return new Progress(size == 0 ? List.of() : List.of(new ByteRange(0, size)), 0, 0, null, List.of());
        }

        /** One more indexed segment of {@code length} bytes at {@code range}, its record written at {@code at}. */
        Progress indexed(ByteRange range, long length, long at) {
            return new Progress(Ranges.add(received, range), storedBytes + length, segmentCount + 1,
                    oldestSegmentAt == null ? at : Math.min(oldestSegmentAt, at), openPublishes);
        }

        /** What is left after {@link TransferStore#prune}: {@code received} is rebuilt from the remaining index. */
        Progress pruned(List<ByteRange> remaining, TransferStore.Pruned pruned) {
            return new Progress(remaining, Math.max(0, storedBytes - pruned.removedBytes()),
                    Math.max(0, segmentCount - pruned.removedCount()), pruned.oldestRemainingAt(), openPublishes);
        }

        Progress withOpenPublishes(List<OpenPublish> value) {
            return new Progress(received, storedBytes, segmentCount, oldestSegmentAt, value);
        }

        /** The open split PUBLISH that {@code replyTo}'s record belongs to, or null. */
        OpenPublish openPublish(ReplyTo replyTo) {
            for (OpenPublish open : openPublishes) {
                if (open.matches(replyTo)) {
                    return open;
                }
            }
            return null;
        }
    }

    /**
     * The latest fin and who waits for its answer.
     *
     * @param fin        the latest fin's size and checksum, or null
     * @param waiters    fins the assembler still owes an answer: waiting for coverage (graceUntil set) or, while
     *                   EXPORTING, fins that came after the manifest
     * @param graceUntil when waiting fins are answered incomplete, or null
     */
    record Finish(FinRequest fin, List<ReplyTo> waiters, Long graceUntil) implements Part {
        static final Finish NONE = new Finish(null, List.of(), null);

        Finish {
            waiters = List.copyOf(requireNonNull(waiters, "waiters"));
        }

        /** {@code waiter} waits too, for {@code request} (which replaces an earlier fin's). */
        Finish waiting(FinRequest request, ReplyTo waiter) {
            return new Finish(request, plus(waiters, waiter), graceUntil);
        }

        Finish waiting(ReplyTo waiter) {
            return waiting(fin, waiter);
        }

        /** Every waiter was answered: nobody waits and no grace runs; the fin is kept. */
        Finish answered() {
            return new Finish(fin, List.of(), null);
        }

        Finish withGraceUntil(Long value) {
            return new Finish(fin, waiters, value);
        }
    }

    /**
     * Activity times and this transfer's timers.
     *
     * @param lastActivityAt when a command last touched the transfer: its TTL counts from here
     * @param lastSnapshotAt when a progress snapshot was last published on ferry.transfers
     * @param expiryTimer    where the expiry timer sits in the timer store (a lower bound of the real deadline)
     * @param snapshotTimer  when a rate-limited progress snapshot is due, or null
     */
    record Timing(long lastActivityAt, long lastSnapshotAt, Long expiryTimer, Long snapshotTimer) implements Part {
        Timing touched(long now) {
            return new Timing(now, lastSnapshotAt, expiryTimer, snapshotTimer);
        }

        Timing withExpiryTimer(Long value) {
            return new Timing(lastActivityAt, lastSnapshotAt, value, snapshotTimer);
        }

        Timing withSnapshotTimer(Long value) {
            return new Timing(lastActivityAt, lastSnapshotAt, expiryTimer, value);
        }

        /** A snapshot went out at {@code now}; none is pending. */
        Timing published(long now) {
            return new Timing(lastActivityAt, now, expiryTimer, null);
        }
    }

    /**
     * The export's side.
     *
     * @param sha256    verified digest once EXPORTED
     * @param aborts    aborts that came while EXPORTING: answered when the export's outcome decides who won
     * @param deletedAt while EXPORTING, the latest catalog tombstone seen (an operator delete); an export that
     *                  finished before it is forgotten at once
     */
    record Export(Sha256 sha256, List<ReplyTo> aborts, Long deletedAt) implements Part {
        static final Export NONE = new Export(null, List.of(), null);

        Export {
            // Tolerant: state written before aborts existed reads them back as null.
            aborts = aborts == null ? List.of() : List.copyOf(aborts);
        }

        /** Exported with {@code digest}: nothing waits for an outcome any more. */
        static Export exported(Sha256 digest) {
            return new Export(digest, List.of(), null);
        }

        Export plusAbort(ReplyTo abort) {
            return new Export(sha256, plus(aborts, abort), deletedAt);
        }

        Export withDeletedAt(Long value) {
            return new Export(sha256, aborts, value);
        }
    }

    private static List<ReplyTo> plus(List<ReplyTo> list, ReplyTo one) {
        List<ReplyTo> more = new ArrayList<>(list);
        more.add(one);
        return more;
    }
}
