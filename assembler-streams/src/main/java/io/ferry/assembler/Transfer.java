package io.ferry.assembler;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.ByteRange;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Sha256;
import io.ferry.protocol.TransferState;
import java.util.ArrayList;
import java.util.List;

/**
 * The assembler's state of one transfer, kept in RocksDB and changelogged. It is an index only: the segment index
 * lives in its own store and the bytes stay in ferry.commands, so this record stays small.
 *
 * @param generation   ferry.commands offset of the command that started this upload: unique and increasing, so an
 *                     export outcome of an earlier upload (before an abort or expiry) is recognised as stale
 * @param state        RECEIVING, EXPORTING, EXPORTED or FAILED (export failed; behaves like RECEIVING)
 * @param meta         the init, or null before it arrived
 * @param partition    the ferry.commands partition holding every record of this transfer
 * @param received     merged ranges of indexed segments
 * @param storedBytes  sum of indexed segment lengths, charged to the client's bytes-in-flight quota
 * @param fin          the latest fin's size and checksum, or null
 * @param waiters      fins the assembler still owes an answer: waiting for coverage (graceUntil set) or, while
 *                     EXPORTING, fins that came after the manifest
 * @param graceUntil   when waiting fins are answered incomplete, or null
 * @param openPublishes split segment PUBLISHes whose first part was judged and whose last part is still due
 * @param sha256       verified digest once EXPORTED
 * @param expiryTimer  where the expiry timer sits in the timer store (a lower bound of the real deadline)
 * @param snapshotTimer when a rate-limited progress snapshot is due, or null
 * @param aborts       aborts that came while EXPORTING: answered when the export's outcome decides who won
 * @param deletedAt    while EXPORTING, the latest catalog tombstone seen (an operator delete); an export that
 *                     finished before it is forgotten at once
 * @param oldestSegmentAt record time of the oldest indexed segment, or null: when it passes the segment max age
 *                     the old part of the index is dropped (ferry.commands may have deleted those records)
 */
record Transfer(long generation, TransferState state, FileMeta meta, int partition, List<ByteRange> received,
                long storedBytes, int segmentCount, FinRequest fin, List<ReplyTo> waiters, Long graceUntil,
                List<OpenPublish> openPublishes, Sha256 sha256, long startedAt, long lastActivityAt, long lastSnapshotAt,
                Long expiryTimer, Long snapshotTimer, List<ReplyTo> aborts, Long deletedAt, Long oldestSegmentAt) {

    Transfer {
        // Tolerant: state written before these fields existed reads them back as null.
        aborts = aborts == null ? List.of() : List.copyOf(aborts);
        requireNonNull(state, "state");
        received = List.copyOf(requireNonNull(received, "received"));
        waiters = List.copyOf(requireNonNull(waiters, "waiters"));
        openPublishes = List.copyOf(requireNonNull(openPublishes, "openPublishes"));
        if (storedBytes < 0 || segmentCount < 0 || partition < 0) {
            throw new IllegalArgumentException("negative storedBytes, segmentCount or partition");
        }
    }

    static Transfer start(long generation, int partition, long now) {
        return new Transfer(generation, TransferState.RECEIVING, null, partition, List.of(), 0, 0, null, List.of(),
                null, List.of(), null, now, now, 0, null, null, List.of(), null, null);
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
        if (fin != null) {
            return fin.size();
        }
        return meta == null ? null : meta.size();
    }

    Builder toBuilder() {
        return new Builder(this);
    }

    Transfer touched(long now) {
        return toBuilder().lastActivityAt(now).build();
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

    /** Fins and aborts this transfer still owes an answer (what {@link TransferLimits} bounds). */
    List<ReplyTo> owed() {
        List<ReplyTo> all = new ArrayList<>(waiters);
        all.addAll(aborts);
        return all;
    }

    List<ReplyTo> abortsPlus(ReplyTo replyTo) {
        List<ReplyTo> more = new ArrayList<>(aborts);
        more.add(replyTo);
        return more;
    }

    List<ReplyTo> waitersPlus(ReplyTo replyTo) {
        List<ReplyTo> more = new ArrayList<>(waiters);
        more.add(replyTo);
        return more;
    }

    static final class Builder {
        private long generation;
        private TransferState state;
        private FileMeta meta;
        private int partition;
        private List<ByteRange> received;
        private long storedBytes;
        private int segmentCount;
        private FinRequest fin;
        private List<ReplyTo> waiters;
        private Long graceUntil;
        private List<OpenPublish> openPublishes;
        private Sha256 sha256;
        private long startedAt;
        private long lastActivityAt;
        private long lastSnapshotAt;
        private Long expiryTimer;
        private Long snapshotTimer;
        private List<ReplyTo> aborts;
        private Long deletedAt;
        private Long oldestSegmentAt;

        private Builder(Transfer t) {
            generation = t.generation;
            state = t.state;
            meta = t.meta;
            partition = t.partition;
            received = t.received;
            storedBytes = t.storedBytes;
            segmentCount = t.segmentCount;
            fin = t.fin;
            waiters = t.waiters;
            graceUntil = t.graceUntil;
            openPublishes = t.openPublishes;
            sha256 = t.sha256;
            startedAt = t.startedAt;
            lastActivityAt = t.lastActivityAt;
            lastSnapshotAt = t.lastSnapshotAt;
            expiryTimer = t.expiryTimer;
            snapshotTimer = t.snapshotTimer;
            aborts = t.aborts;
            deletedAt = t.deletedAt;
            oldestSegmentAt = t.oldestSegmentAt;
        }

        Builder aborts(List<ReplyTo> value) {
            aborts = value;
            return this;
        }

        Builder deletedAt(Long value) {
            deletedAt = value;
            return this;
        }

        Builder oldestSegmentAt(Long value) {
            oldestSegmentAt = value;
            return this;
        }

        Builder state(TransferState value) {
            state = value;
            return this;
        }

        Builder meta(FileMeta value) {
            meta = value;
            return this;
        }

        Builder received(List<ByteRange> value) {
            received = value;
            return this;
        }

        Builder storedBytes(long value) {
            storedBytes = value;
            return this;
        }

        Builder segmentCount(int value) {
            segmentCount = value;
            return this;
        }

        Builder fin(FinRequest value) {
            fin = value;
            return this;
        }

        Builder waiters(List<ReplyTo> value) {
            waiters = value;
            return this;
        }

        Builder graceUntil(Long value) {
            graceUntil = value;
            return this;
        }

        Builder openPublishes(List<OpenPublish> value) {
            openPublishes = value;
            return this;
        }

        Builder sha256(Sha256 value) {
            sha256 = value;
            return this;
        }

        Builder lastActivityAt(long value) {
            lastActivityAt = value;
            return this;
        }

        Builder lastSnapshotAt(long value) {
            lastSnapshotAt = value;
            return this;
        }

        Builder expiryTimer(Long value) {
            expiryTimer = value;
            return this;
        }

        Builder snapshotTimer(Long value) {
            snapshotTimer = value;
            return this;
        }

        Transfer build() {
            return new Transfer(generation, state, meta, partition, received, storedBytes, segmentCount, fin,
                    waiters, graceUntil, openPublishes, sha256, startedAt, lastActivityAt, lastSnapshotAt, expiryTimer,
                    snapshotTimer, aborts, deletedAt, oldestSegmentAt);
        }
    }
}
