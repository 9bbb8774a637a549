package io.ferry.assembler;

import io.ferry.protocol.ByteRange;
import io.ferry.protocol.Reason;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferEvent;
import io.ferry.records.TransferId;
import io.ferry.protocol.TransferState;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start, save and end of a transfer: every change of a transfer's stored state goes through here, so its quota
 * counters ({@link QuotaCounters}), events ({@link LifecycleEvents}), progress snapshots ({@link SnapshotThrottle})
 * and timers ({@link ExpiryTimer}, {@link GraceTimer}) always agree with it.
 */
record Lifecycle(TransferStore store, QuotaCounters counters, LifecycleEvents events, SnapshotThrottle snapshots,
                 ExpiryTimer expiry, GraceTimer grace) {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    /** A new upload; the caller checked the quotas and saves it. */
    Transfer create(TransferId id, Origin origin, long now) {
        counters.transferStarted(id);
        events.started(id, now);
        LOG.info("transfer started {} generation={}", id, origin.offset());
        return Transfer.start(origin.offset(), origin.partition(), now);
    }

    /** Stores {@code after}, keeping its expiry timer honest and publishing progress if due. */
    void save(TransferId id, Transfer before, Transfer after, long now) {
        Transfer t = expiry.filed(id, after);
        if (t.state() != TransferState.EXPORTED) {
            t = snapshots.onSave(id, before, t, now);
        }
        store.put(id, t);
    }

    /** Removes every trace of the transfer; {@code event} is null for a silent removal. */
    void end(TransferId id, Transfer t, TransferEvent.Type event, Reason reason, long now) {
        store.deleteSegments(id);
        grace.cancel(id, t);
        snapshots.cancel(id, t);
        expiry.cancel(id, t);
        store.delete(id);
        if (t.isLive()) {
            counters.released(id, t);
            snapshots.withdraw(id, now);
        }
        if (event != null) {
            events.ended(id, event, reason, t.knownSize(), now);
        }
    }

    /** The successful export: the index is dropped, the quota freed; only what late commands need remains. */
    Transfer exported(TransferId id, Transfer t, Sha256 sha256, long now) {
        store.deleteSegments(id);
        counters.released(id, t);
        grace.cancel(id, t);
        snapshots.cancel(id, t);
        snapshots.withdraw(id, now);
        long size = t.finish().fin().size();
        events.completed(id, size, now);
        return t.withState(TransferState.EXPORTED).with(Transfer.Export.exported(sha256))
                .with(Transfer.Progress.whole(size)).with(t.finish().answered())
                .with(t.timing().touched(now).withSnapshotTimer(null));
    }

    /**
     * {@code t} with the index entries older than the segment max age dropped (their records may be gone from
     * ferry.commands), or {@code t} itself when none is that old. Not saved.
     */
    Transfer fresh(TransferId id, Transfer t, long now) {
        if (t == null || !expiry.pruneDue(t, now)) {
            return t;
        }
        TransferStore.Pruned pruned = store.prune(id, expiry.pruneCutoff(now), t.upload().startedAt());
        counters.bytesForgotten(id, pruned.removedBytes());
        List<ByteRange> received = List.of();
        for (IndexedSegment segment : pruned.remaining()) {
            received = Ranges.add(received, new ByteRange(segment.fileOffset(), segment.end()));
        }
        LOG.info("forgot {} segments ({} bytes) of {} older than {}: ferry.commands retention may have deleted them",
                pruned.removedCount(), pruned.removedBytes(), id, expiry.maxSegmentAge());
        return t.with(t.progress().pruned(received, pruned));
    }
}
