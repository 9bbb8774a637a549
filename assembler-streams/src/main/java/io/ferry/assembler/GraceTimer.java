package io.ferry.assembler;

import io.ferry.records.TransferId;

/**
 * The GRACE timer: how long fins with incomplete coverage wait for segments or the init that came through another
 * broker node ({@code ferry.assembler.fin.grace}). At most one per transfer, at {@link Transfer.Finish#graceUntil}.
 */
final class GraceTimer {
    private final TransferStore store;

    GraceTimer(TransferStore store) {
        this.store = store;
    }

    /** {@code t} with its waiting fins due to be answered at {@code until}; an earlier grace timer is dropped. */
    Transfer start(TransferId id, Transfer t, long until) {
        cancel(id, t);
        store.addTimer(new Timer(until, Timer.Kind.GRACE, id));
        return t.with(t.finish().withGraceUntil(until));
    }

    /** Removes the timer from the store; the caller clears graceUntil ({@link Transfer.Finish#answered}). */
    void cancel(TransferId id, Transfer t) {
        if (t.finish().graceUntil() != null) {
            store.removeTimer(new Timer(t.finish().graceUntil(), Timer.Kind.GRACE, id));
        }
    }
}
