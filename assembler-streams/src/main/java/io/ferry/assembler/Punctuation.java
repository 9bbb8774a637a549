package io.ferry.assembler;

import io.ferry.records.TransferId;
import java.util.Objects;

/**
 * The wall-clock punctuator: handles due timers in time order, at most {@code timerBatch} per run so one run's
 * cost stays bounded; the rest wait for the next run. A timer no longer matching its transfer is stale and dropped.
 */
record Punctuation(TransferStore store, Lifecycle lifecycle, Fins fins, SnapshotThrottle snapshots,
                   Expirations expirations, int batch) {
    void run(long now) {
        for (Timer timer : store.dueTimers(now, batch)) {
            store.removeTimer(timer);
            TransferId id = timer.transferId();
            Transfer t = store.get(id);
            if (t == null) {
                continue;
            }
            switch (timer.kind()) {
                case GRACE -> {
                    if (Objects.equals(t.finish().graceUntil(), timer.at())) {
                        lifecycle.save(id, t, fins.onGraceExpired(id, t, now), now);
                    }
                }
                case SNAPSHOT -> {
                    if (Objects.equals(t.timing().snapshotTimer(), timer.at())) {
                        snapshots.publishDue(id, t, now);
                    }
                }
                case EXPIRY -> {
                    if (Objects.equals(t.timing().expiryTimer(), timer.at())) {
                        expirations.fired(id, t, now);
                    }
                }
            }
        }
    }
}
