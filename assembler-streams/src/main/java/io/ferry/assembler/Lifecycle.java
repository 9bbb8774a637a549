package io.ferry.assembler;

import io.ferry.protocol.ByteRange;
import io.ferry.protocol.Reason;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferEvent;
import io.ferry.records.TransferId;
import io.ferry.records.TransferSnapshot;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start, save and end of a transfer, with what goes along: quota counters, lifecycle events, rate-limited progress
 * snapshots on ferry.transfers, and the timers that expire it.
 */
final class Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    /** Up to this many indexed segments a status reads the index (a cheap range read) for the exact missing list. */
    static final int EXACT_STATUS_SEGMENTS = 64;
    private final TransferStore store;
    private final Outputs out;
    private final AssemblerOptions options;

    Lifecycle(TransferStore store, Outputs out, AssemblerOptions options) {
        this.store = store;
        this.out = out;
        this.options = options;
    }

    /** A new upload; the caller checked the quotas and saves it. */
    Transfer create(TransferId id, Origin origin, long now) {
        store.charge(id.clientId(), 1, 0);
        out.event(id, TransferEvent.Type.STARTED, null, null, null, now);
        LOG.info("transfer started {} generation={}", id, origin.offset());
        return Transfer.start(origin.offset(), origin.partition(), now);
    }

    /** Stores {@code after}, keeping its expiry timer honest and publishing progress if due. */
    void save(TransferId id, Transfer before, Transfer after, long now) {
        Transfer t = withExpiryTimer(id, after);
        if (t.state() != TransferState.EXPORTED) {
            t = progress(id, before, t, now);
        }
        store.put(id, t);
    }

    /** Removes every trace of the transfer; {@code event} is null for a silent removal. */
    void end(TransferId id, Transfer t, TransferEvent.Type event, Reason reason, long now) {
        store.deleteSegments(id);
        cancelGrace(id, t);
        cancelSnapshot(id, t);
        if (t.expiryTimer() != null) {
            store.removeTimer(new Timer(t.expiryTimer(), Timer.Kind.EXPIRY, id));
        }
        store.delete(id);
        if (t.isLive()) {
            store.charge(id.clientId(), -1, -t.storedBytes());
            out.tombstone(id, now);
        }
        if (event != null) {
            out.event(id, event, reason, t.knownSize(), null, now);
        }
    }

    /** The successful export: the index is dropped, the quota freed; only what late commands need remains. */
    Transfer exported(TransferId id, Transfer t, Sha256 sha256, long now) {
        store.deleteSegments(id);
        store.charge(id.clientId(), -1, -t.storedBytes());
        cancelGrace(id, t);
        cancelSnapshot(id, t);
        out.tombstone(id, now);
        long size = t.fin().size();
        if (options.exportEvents()) {
            out.event(id, TransferEvent.Type.COMPLETED, Reason.SUCCESS, size, null, now);
        }
        return t.toBuilder().state(TransferState.EXPORTED).sha256(sha256)
                .received(size == 0 ? List.of() : List.of(new ByteRange(0, size)))
                .storedBytes(0).segmentCount(0).waiters(List.of()).graceUntil(null).openPublishes(List.of())
                .snapshotTimer(null).aborts(List.of()).deletedAt(null).oldestSegmentAt(null).lastActivityAt(now)
                .build();
    }

    /**
     * {@code t} with the index entries older than the segment max age dropped (their records may be gone from
     * ferry.commands), or {@code t} itself when none is that old. Not saved.
     */
    Transfer fresh(TransferId id, Transfer t, long now) {
        if (t == null || !pruneDue(t, now)) {
            return t;
        }
        long cutoff = now - options.limits().maxSegmentAge().toMillis();
        TransferStore.Pruned pruned = store.prune(id, cutoff, t.startedAt());
        store.charge(id.clientId(), 0, -pruned.removedBytes());
        List<ByteRange> received = List.of();
        for (IndexedSegment segment : pruned.remaining()) {
            received = Ranges.add(received, new ByteRange(segment.fileOffset(), segment.end()));
        }
        LOG.info("forgot {} segments ({} bytes) of {} older than {}: ferry.commands retention may have deleted them",
                pruned.removedCount(), pruned.removedBytes(), id, options.limits().maxSegmentAge());
        return t.toBuilder().received(received).storedBytes(Math.max(0, t.storedBytes() - pruned.removedBytes()))
                .segmentCount(Math.max(0, t.segmentCount() - pruned.removedCount()))
                .oldestSegmentAt(pruned.oldestRemainingAt()).build();
    }

    private boolean pruneDue(Transfer t, long now) {
        return t.isReceiving() && t.oldestSegmentAt() != null && pruneAt(t) <= now;
    }

    private long pruneAt(Transfer t) {
        long age = options.limits().maxSegmentAge().toMillis();
        return t.oldestSegmentAt() > Long.MAX_VALUE - age ? Long.MAX_VALUE : t.oldestSegmentAt() + age;
    }

    /** An expiry timer fired: end the transfer if its deadline passed, else file the timer at the real deadline. */
    void expireOrReschedule(TransferId id, Transfer t, long now) {
        if (pruneDue(t, now)) {
            save(id, t, fresh(id, t, now).toBuilder().expiryTimer(null).build(), now);
            return;
        }
        long deadline = deadline(t);
        if (deadline > now) {
            store.addTimer(new Timer(deadline, Timer.Kind.EXPIRY, id));
            store.put(id, t.toBuilder().expiryTimer(deadline).build());
            return;
        }
        if (t.state() == TransferState.EXPORTED) {
            LOG.debug("forgetting exported transfer {}", id);
            end(id, t, null, null, now);
            return;
        }
        Reason reason = t.state() == TransferState.EXPORTING ? Reason.EXPORT_FAILED : Reason.INCOMPLETE;
        TransferStatus status = t.waiters().isEmpty() ? null : status(id, t);
        t.waiters().forEach(waiter -> out.respond(waiter, reason, status, now));
        // The export never reported back: nothing was published by this assembler's knowledge, the abort wins.
        t.aborts().forEach(abort -> out.respond(abort, Reason.SUCCESS, now));
        LOG.info("transfer expired {} state={} bytes={}", id, t.state().wireName(), t.storedBytes());
        end(id, t.toBuilder().expiryTimer(null).build(), TransferEvent.Type.EXPIRED, null, now);
    }

    void publishDueSnapshot(TransferId id, Transfer t, long now) {
        store.put(id, publish(id, t.toBuilder().snapshotTimer(null).build(), now));
    }

    Transfer startGrace(TransferId id, Transfer t, long until) {
        cancelGrace(id, t);
        store.addTimer(new Timer(until, Timer.Kind.GRACE, id));
        return t.toBuilder().graceUntil(until).build();
    }

    void cancelGrace(TransferId id, Transfer t) {
        if (t.graceUntil() != null) {
            store.removeTimer(new Timer(t.graceUntil(), Timer.Kind.GRACE, id));
        }
    }

    /** The docs/protocol.md §5 transfer object, with missing ranges from the coverage rule (reads the index). */
    TransferStatus status(TransferId id, Transfer t) {
        Long size = t.knownSize();
        if (size == null || !t.isReceiving()) {
            return cheapStatus(t);
        }
        List<ByteRange> missing = Coverage.compute(store.segments(id), size) instanceof Coverage.Incomplete incomplete
                ? incomplete.missing() : List.of();
        return new TransferStatus(t.state(), t.received(), Ranges.bytes(t.received()), size, missing);
    }

    /**
     * The answer to a status command, bounded in cost whatever the index holds: the exact coverage rule for an
     * index of at most {@link #EXACT_STATUS_SEGMENTS} segments, else what was never received (the ranges an
     * overlap misaligned with its neighbours makes missing too are named by the fin's {@code incomplete} answer).
     */
    TransferStatus statusCommand(TransferId id, Transfer t) {
        return t.segmentCount() <= EXACT_STATUS_SEGMENTS ? status(id, t) : cheapStatus(t);
    }

    /** Status without reading the index: missing is what was never received (ops view on ferry.transfers). */
    private static TransferStatus cheapStatus(Transfer t) {
        Long size = t.knownSize();
        List<ByteRange> missing = size == null ? null
                : t.isReceiving() ? Ranges.complement(t.received(), size) : List.of();
        return new TransferStatus(t.state(), t.received(), Ranges.bytes(t.received()), size, missing);
    }

    private Transfer progress(TransferId id, Transfer before, Transfer t, long now) {
        boolean stateChanged = before == null || before.state() != t.state();
        if (stateChanged || now - t.lastSnapshotAt() >= options.snapshotInterval().toMillis()) {
            cancelSnapshot(id, t);
            return publish(id, t.toBuilder().snapshotTimer(null).build(), now);
        }
        if (t.snapshotTimer() == null) {
            long due = t.lastSnapshotAt() + options.snapshotInterval().toMillis();
            store.addTimer(new Timer(due, Timer.Kind.SNAPSHOT, id));
            return t.toBuilder().snapshotTimer(due).build();
        }
        return t;
    }

    private Transfer publish(TransferId id, Transfer t, long now) {
        String name = t.meta() == null ? null : t.meta().name();
        out.snapshot(id, new TransferSnapshot(id.clientId(), id.fileId(), name, cheapStatus(t), t.startedAt(),
                t.lastActivityAt()), now);
        return t.toBuilder().lastSnapshotAt(now).build();
    }

    private void cancelSnapshot(TransferId id, Transfer t) {
        if (t.snapshotTimer() != null) {
            store.removeTimer(new Timer(t.snapshotTimer(), Timer.Kind.SNAPSHOT, id));
        }
    }

    /**
     * The timer is a lower bound: activity only pushes the deadline later, and the timer is refiled when it fires.
     * It is refiled at once only when the deadline moves earlier (an init with a short segments_ttl).
     */
    private Transfer withExpiryTimer(TransferId id, Transfer t) {
        long deadline = deadline(t);
        if (t.expiryTimer() != null && t.expiryTimer() <= deadline) {
            return t;
        }
        if (t.expiryTimer() != null) {
            store.removeTimer(new Timer(t.expiryTimer(), Timer.Kind.EXPIRY, id));
        }
        store.addTimer(new Timer(deadline, Timer.Kind.EXPIRY, id));
        return t.toBuilder().expiryTimer(deadline).build();
    }

    /** For a receiving transfer the earlier of its TTL and the time its oldest segment must be forgotten. */
    private long deadline(Transfer t) {
        long ttl = t.isReceiving() ? options.segmentsTtl(t.meta()).toMillis() : options.exportedRetention().toMillis();
        long expiry = t.lastActivityAt() + ttl;
        return t.isReceiving() && t.oldestSegmentAt() != null ? Math.min(expiry, pruneAt(t)) : expiry;
    }
}
