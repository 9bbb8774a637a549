package io.ferry.assembler;

import io.ferry.protocol.Reason;
import io.ferry.records.TransferEvent;
import io.ferry.records.TransferId;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a fired EXPIRY timer does: drops index entries past the segment max age, refiles the timer when the
 * deadline moved later (activity since), or ends the transfer, answering whoever still waits.
 */
record Expirations(TransferStore store, Outputs out, Lifecycle lifecycle, ExpiryTimer expiry,
                   TransferStatuses statuses) {
    private static final Logger LOG = LoggerFactory.getLogger(Expirations.class);

    /** {@code t}'s expiry timer fired at {@code now}; the timer store no longer holds it. */
    void fired(TransferId id, Transfer t, long now) {
        if (expiry.pruneDue(t, now)) {
            Transfer fresh = lifecycle.fresh(id, t, now);
            lifecycle.save(id, t, fresh.with(fresh.timing().withExpiryTimer(null)), now);
            return;
        }
        long deadline = expiry.deadline(t);
        if (deadline > now) {
            store.put(id, expiry.fileAt(id, t, deadline));
            return;
        }
        if (t.state() == TransferState.EXPORTED) {
            LOG.debug("forgetting exported transfer {}", id);
            lifecycle.end(id, t, null, null, now);
            return;
        }
        Reason reason = t.state() == TransferState.EXPORTING ? Reason.EXPORT_FAILED : Reason.INCOMPLETE;
        TransferStatus status = t.finish().waiters().isEmpty() ? null : statuses.exact(id, t);
        t.finish().waiters().forEach(waiter -> out.respond(waiter, reason, status, now));
        // The export never reported back: nothing was published by this assembler's knowledge, the abort wins.
        t.export().aborts().forEach(abort -> out.respond(abort, Reason.SUCCESS, now));
        LOG.info("transfer expired {} state={} bytes={}", id, t.state().wireName(), t.progress().storedBytes());
        lifecycle.end(id, t.with(t.timing().withExpiryTimer(null)), TransferEvent.Type.EXPIRED, null, now);
    }
}
