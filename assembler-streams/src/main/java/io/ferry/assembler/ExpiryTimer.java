package io.ferry.assembler;

import io.ferry.records.TransferId;
import java.time.Duration;

/**
 * A transfer's deadline and its EXPIRY timer. The deadline is the TTL after the last activity (the init's
 * {@code segments_ttl}, clamped, while receiving; the exported retention after), and for a receiving transfer no
 * later than when its oldest indexed segment passes the segment max age. The timer is a lower bound: activity only
 * pushes the deadline later, and the timer is refiled when it fires.
 */
record ExpiryTimer(TransferStore store, AssemblerOptions options) {
    /**
     * {@code t} with a timer no later than its deadline: refiled at once only when the deadline moved earlier
     * (an init with a short segments_ttl), else kept.
     */
    Transfer filed(TransferId id, Transfer t) {
        long deadline = deadline(t);
        Long timer = t.timing().expiryTimer();
        if (timer != null && timer <= deadline) {
            return t;
        }
        cancel(id, t);
        return fileAt(id, t, deadline);
    }

    /** {@code t} with its timer at {@code at} (the fired timer is already out of the store). */
    Transfer fileAt(TransferId id, Transfer t, long at) {
        store.addTimer(new Timer(at, Timer.Kind.EXPIRY, id));
        return t.with(t.timing().withExpiryTimer(at));
    }

    void cancel(TransferId id, Transfer t) {
        if (t.timing().expiryTimer() != null) {
            store.removeTimer(new Timer(t.timing().expiryTimer(), Timer.Kind.EXPIRY, id));
        }
    }

    long deadline(Transfer t) {
        long ttl = t.isReceiving() ? options.segmentsTtl(t.meta()).toMillis() : options.exportedRetention().toMillis();
        long expiry = t.timing().lastActivityAt() + ttl;
        return t.isReceiving() && t.progress().oldestSegmentAt() != null ? Math.min(expiry, pruneAt(t)) : expiry;
    }

    /** Part of the index is older than the segment max age: {@link Lifecycle#fresh} must drop it. */
    boolean pruneDue(Transfer t, long now) {
        return t.isReceiving() && t.progress().oldestSegmentAt() != null && pruneAt(t) <= now;
    }

    /** Index entries written at or before this are past the segment max age. */
    long pruneCutoff(long now) {
        return now - maxSegmentAge().toMillis();
    }

    Duration maxSegmentAge() {
        return options.limits().maxSegmentAge();
    }

    private long pruneAt(Transfer t) {
        long age = maxSegmentAge().toMillis();
        long oldest = t.progress().oldestSegmentAt();
        return oldest > Long.MAX_VALUE - age ? Long.MAX_VALUE : oldest + age;
    }
}
