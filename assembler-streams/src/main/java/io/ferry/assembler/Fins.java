package io.ferry.assembler;

import io.ferry.protocol.Fin;
import io.ferry.protocol.Json;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Sha256;
import io.ferry.records.TopicAdmin;
import io.ferry.records.TransferId;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fin while receiving: complete coverage emits the manifest, else the fin waits {@code finGrace} for segments or
 * the init that came through another broker node (docs/architecture.md "Assembler"), re-checked on every arrival.
 */
final class Fins {
    private static final Logger LOG = LoggerFactory.getLogger(Fins.class);
    private final TransferStore store;
    private final Outputs out;
    private final GraceTimer grace;
    private final TransferStatuses statuses;
    private final long graceMillis;
    private final TransferLimits limits;
    private final QuotaGuard quota;

    Fins(TransferStore store, Outputs out, GraceTimer grace, TransferStatuses statuses, AssemblerOptions options,
         QuotaGuard quota) {
        this.quota = quota;
        this.store = store;
        this.out = out;
        this.grace = grace;
        this.statuses = statuses;
        this.graceMillis = options.finGrace().toMillis();
        this.limits = options.limits();
    }

    /** {@code t} is receiving; returns it updated (not saved). */
    Transfer onFin(TransferId id, Transfer t, Fin fin, ReplyTo replyTo, long now) {
        FinRequest request = new FinRequest(fin.size(), fin.checksum());
        Transfer current = t;
        FinRequest waiting = current.finish().fin();
        if (waiting != null && !waiting.equals(request) && !current.finish().waiters().isEmpty()) {
            // A fin asking for another size or checksum replaces the waiting one, which can no longer complete.
            current = answerIncomplete(id, current, now);
        }
        if (!limits.admitsWaiter(current.owed(), replyTo)) {
            // The fins already waiting get the answer this one would; their number and size stay bounded.
            out.respond(replyTo, Reason.QUOTA_EXCEEDED, now);
            return current;
        }
        current = current.with(current.finish().waiting(request, replyTo)).touched(now);
        Transfer done = tryComplete(id, current, now);
        if (done != null) {
            return done;
        }
        if (graceMillis == 0) {
            return answerIncomplete(id, current, now);
        }
        LOG.debug("fin waits for coverage {} size={}", id, fin.size());
        return grace.start(id, current, now + graceMillis);
    }

    /** A segment or the init arrived: waiting fins may now be complete. */
    Transfer onProgress(TransferId id, Transfer t, long now) {
        if (t.finish().waiters().isEmpty() || !t.isReceiving()) {
            return t;
        }
        Transfer done = tryComplete(id, t, now);
        return done == null ? t : done;
    }

    Transfer onGraceExpired(TransferId id, Transfer t, long now) {
        LOG.info("fin incomplete after grace {} fins={}", id, t.finish().waiters().size());
        return answerIncomplete(id, t, now);
    }

    private Transfer tryComplete(TransferId id, Transfer t, long now) {
        FinRequest fin = t.finish().fin();
        if (t.meta() == null || fin == null) {
            return null;
        }
        Coverage.Result result = Coverage.compute(store.segments(id), fin.size());
        if (!(result instanceof Coverage.Complete complete)) {
            return null;
        }
        // Checksum precedence (docs/protocol.md §2; EMQX's emqx_ft_storage_exporter:complete/2): fin's, else init's,
        // else the exporter computes it.
        Sha256 expected = fin.checksum() != null ? fin.checksum() : t.meta().checksum();
        List<ReplyTo> waiters = t.finish().waiters();
        Manifest manifest = new Manifest(id, t.generation(), t.meta(), fin.size(), expected, t.upload().partition(),
                complete.chain(), waiters, now);
        int bytes = Json.write(manifest).length;
        if (bytes > TopicAdmin.MAX_MESSAGE_BYTES) {
            // The limits make this unreachable; if it ever happens the fins get an answer, not a stuck partition.
            LOG.error("manifest of {} would be {} bytes, above {}", id, bytes, TopicAdmin.MAX_MESSAGE_BYTES);
            waiters.forEach(waiter -> out.respond(waiter, Reason.TRANSFER_LIMIT_EXCEEDED, now));
            return answered(id, t);
        }
        if (!quota.admitsFile(id, now)) {
            // The client completed its files for this window: the fins are told to retry later, nothing is lost.
            waiters.forEach(waiter -> out.respond(waiter, Reason.QUOTA_EXCEEDED, now));
            return answered(id, t);
        }
        out.manifest(manifest, now);
        store.countFile(id.clientId(), quota.filesWindow(now));
        LOG.info("manifest emitted {} generation={} size={} pointers={}", id, t.generation(), fin.size(),
                complete.chain().size());
        return answered(id, t).withState(TransferState.EXPORTING);
    }

    private Transfer answerIncomplete(TransferId id, Transfer t, long now) {
        TransferStatus status = statuses.exact(id, t);
        t.finish().waiters().forEach(waiter -> out.respond(waiter, Reason.INCOMPLETE, status, now));
        return answered(id, t);
    }

    /** Every waiting fin got its answer: none waits, and the grace timer goes. */
    private Transfer answered(TransferId id, Transfer t) {
        grace.cancel(id, t);
        return t.with(t.finish().answered());
    }
}
