package io.ferry.assembler;

import io.ferry.protocol.CommandRecord;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Fin;
import io.ferry.protocol.Init;
import io.ferry.protocol.Reason;
import io.ferry.protocol.Segment;
import io.ferry.protocol.TransferEvent;
import io.ferry.protocol.TransferId;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** docs/protocol.md §2–§5 for one command: every command gets exactly one response (a fin possibly later). */
final class Commands {
    private static final Logger LOG = LoggerFactory.getLogger(Commands.class);
    private final TransferStore store;
    private final Outputs out;
    private final Lifecycle lifecycle;
    private final Fins fins;
    private final Segments segments;
    private final QuotaGuard quota;

    Commands(TransferStore store, Outputs out, Lifecycle lifecycle, Fins fins, Segments segments, QuotaGuard quota) {
        this.store = store;
        this.out = out;
        this.lifecycle = lifecycle;
        this.fins = fins;
        this.segments = segments;
        this.quota = quota;
    }

    void handle(TransferId key, CommandRecord command, Origin origin, long now) {
        TransferId id = command.transferId();
        if (!id.equals(key)) {
            // The broker's ingress keys by the same id; a mismatch would put the transfer's state on the wrong task.
            LOG.warn("command key {} does not match its value {} at offset {}", key, id, origin.offset());
            if (command.isLastPart()) {
                out.respond(command.replyTo(), Reason.INTERNAL_ERROR, now);
            }
            return;
        }
        Transfer before = store.get(id);
        switch (command.command().kind()) {
            case INIT -> init(id, command, ((Init) command.command()).meta(), before, origin, now);
            case SEGMENT -> segments.handle(id, command, (Segment) command.command(), before, origin, now);
            case FIN -> fin(id, command, (Fin) command.command(), before, origin, now);
            case ABORT -> abort(id, command, before, now);
            case STATUS -> status(id, command, before, now);
        }
    }

    private void init(TransferId id, CommandRecord command, FileMeta meta, Transfer before, Origin origin, long now) {
        Reason reason = Reason.SUCCESS;
        Transfer after = before;
        if (before == null) {
            if (quota.admitsNewTransfer(id) && quota.admitsSize(id, meta.size())) {
                after = lifecycle.create(id, origin, now).toBuilder().meta(meta).build();
            } else {
                reason = Reason.QUOTA_EXCEEDED;
            }
        } else if (before.meta() == null) {
            if (quota.admitsSize(id, meta.size())) {
                after = fins.onProgress(id, before.toBuilder().meta(meta).lastActivityAt(now).build(), now);
            } else {
                reason = Reason.QUOTA_EXCEEDED;
            }
        } else if (before.meta().equals(meta)) {
            // Identical re-init succeeds and, as in EMQX, refreshes the TTL; an exported transfer keeps its age.
            after = before.state() == TransferState.EXPORTED ? before : before.touched(now);
        } else {
            LOG.info("filemeta conflict {} state={}", id, before.state().wireName());
            reason = Reason.FILEMETA_CONFLICT;
        }
        if (after != before) {
            lifecycle.save(id, before, after, now);
        }
        out.respond(command.replyTo(), reason, now);
    }

    private void fin(TransferId id, CommandRecord command, Fin fin, Transfer before, Origin origin, long now) {
        if (before != null && before.state() == TransferState.EXPORTED) {
            out.respond(command.replyTo(), Reason.SUCCESS, now);
            return;
        }
        if (before != null && before.state() == TransferState.EXPORTING) {
            // Answered with the export's result when the ExportOutcome comes back.
            lifecycle.save(id, before, before.toBuilder().waiters(before.waitersPlus(command.replyTo())).build(), now);
            return;
        }
        if (!quota.admitsSize(id, fin.size()) || (before == null && !quota.admitsNewTransfer(id))) {
            out.respond(command.replyTo(), Reason.QUOTA_EXCEEDED, now);
            return;
        }
        Transfer t = before == null ? lifecycle.create(id, origin, now) : before;
        lifecycle.save(id, before, fins.onFin(id, t, fin, command.replyTo(), now), now);
    }

    /** Ferry's fix (docs/protocol.md §4): abort really frees the state; the next command starts a new upload. */
    private void abort(TransferId id, CommandRecord command, Transfer before, long now) {
        if (before != null) {
            before.waiters().forEach(waiter -> out.respond(waiter, Reason.ABORTED, now));
            LOG.info("transfer aborted {} state={}", id, before.state().wireName());
            lifecycle.end(id, before, before.isLive() ? TransferEvent.Type.ABORTED : null, null, now);
        }
        out.respond(command.replyTo(), Reason.SUCCESS, now);
    }

    private void status(TransferId id, CommandRecord command, Transfer before, long now) {
        TransferStatus status = before == null ? TransferStatus.unknown() : lifecycle.status(id, before);
        out.respond(command.replyTo(), Reason.SUCCESS, status, now);
    }
}
