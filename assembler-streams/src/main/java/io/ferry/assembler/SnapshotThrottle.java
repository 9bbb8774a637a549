package io.ferry.assembler;

import io.ferry.records.TransferId;
import io.ferry.records.TransferSnapshot;
import java.time.Duration;

/**
 * Progress snapshots on the compacted ferry.transfers (the ops view of transfers in flight), at most one per
 * transfer per {@code ferry.assembler.snapshot.interval}: a state change goes out at once, other progress files a
 * SNAPSHOT timer, so a burst of segments costs one record per interval instead of one per segment.
 */
final class SnapshotThrottle {
    private final TransferStore store;
    private final Outputs out;
    private final long intervalMillis;

    SnapshotThrottle(TransferStore store, Outputs out, Duration interval) {
        this.store = store;
        this.out = out;
        this.intervalMillis = interval.toMillis();
    }

    /** {@code t} is about to be saved over {@code before} (null: new): returns it published or with a timer due. */
    Transfer onSave(TransferId id, Transfer before, Transfer t, long now) {
        boolean stateChanged = before == null || before.state() != t.state();
        if (stateChanged || now - t.timing().lastSnapshotAt() >= intervalMillis) {
            cancel(id, t);
            return publish(id, t, now);
        }
        if (t.timing().snapshotTimer() == null) {
            long due = t.timing().lastSnapshotAt() + intervalMillis;
            store.addTimer(new Timer(due, Timer.Kind.SNAPSHOT, id));
            return t.with(t.timing().withSnapshotTimer(due));
        }
        return t;
    }

    /** The SNAPSHOT timer fired (the timer store no longer holds it): publishes and saves. */
    void publishDue(TransferId id, Transfer t, long now) {
        store.put(id, publish(id, t, now));
    }

    /** Drops a pending snapshot's timer; the caller no longer saves {@code t}. */
    void cancel(TransferId id, Transfer t) {
        if (t.timing().snapshotTimer() != null) {
            store.removeTimer(new Timer(t.timing().snapshotTimer(), Timer.Kind.SNAPSHOT, id));
        }
    }

    /** Removes the transfer from ferry.transfers: it is no longer in flight. */
    void withdraw(TransferId id, long now) {
        out.tombstone(id, now);
    }

    private Transfer publish(TransferId id, Transfer t, long now) {
        String name = t.meta() == null ? null : t.meta().name();
        out.snapshot(id, new TransferSnapshot(id.clientId(), id.fileId(), name, TransferStatuses.cheap(t),
                t.upload().startedAt(), t.timing().lastActivityAt()), now);
        return t.with(t.timing().published(now));
    }
}
