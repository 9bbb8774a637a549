package io.ferry.assembler;

import io.ferry.protocol.CommandKind;
import io.ferry.records.CommandRecord;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Fin;
import io.ferry.protocol.Init;
import io.ferry.protocol.Reason;
import io.ferry.protocol.Segment;
import io.ferry.records.TransferEvent;
import io.ferry.records.TransferId;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** docs/protocol.md §2–§5 for one command: every command gets exactly one response (a fin possibly later). */
record Commands(TransferStore store, Outputs out, Lifecycle lifecycle, Fins fins, Segments segments, QuotaGuard quota,
                TransferStatuses statuses, TransferLimits limits) {
    private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

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
        Transfer loaded = store.get(id);
        Transfer before = lifecycle.fresh(id, loaded, now);
        if (before != loaded) {
            lifecycle.save(id, loaded, before, now);
        }
        CommandKind kind = command.command().kind();
        if (before != null && !before.export().aborts().isEmpty()
                && (kind == CommandKind.INIT || kind == CommandKind.FIN)) {
            // An abort waits for the export's outcome; this starts the next upload: the device tries again later.
            out.respond(command.replyTo(), Reason.QUOTA_EXCEEDED, now);
            return;
        }
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
                after = lifecycle.create(id, origin, now).withMeta(meta);
            } else {
                reason = Reason.QUOTA_EXCEEDED;
            }
        } else if (before.meta() == null) {
            if (quota.admitsSize(id, meta.size())) {
                after = fins.onProgress(id, before.withMeta(meta).touched(now), now);
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
        FinRequest request = new FinRequest(fin.size(), fin.checksum());
        if (before != null && before.state() == TransferState.EXPORTED) {
            // A re-sent fin of the exported file succeeds; a fin for other content must not (docs/protocol.md §4).
            out.respond(command.replyTo(), matchesExported(before, request) ? Reason.SUCCESS
                    : Reason.FILEMETA_CONFLICT, now);
            return;
        }
        if (before != null && before.state() == TransferState.EXPORTING) {
            if (!sameFile(before.finish().fin(), request)) {
                out.respond(command.replyTo(), Reason.FILEMETA_CONFLICT, now);
            } else if (!limits.admitsWaiter(before.owed(), command.replyTo())) {
                out.respond(command.replyTo(), Reason.QUOTA_EXCEEDED, now);
            } else {
                // Answered with the export's result when the ExportOutcome comes back.
                lifecycle.save(id, before, before.with(before.finish().waiting(command.replyTo())), now);
            }
            return;
        }
        if (!quota.admitsSize(id, fin.size()) || (before == null && !quota.admitsNewTransfer(id))) {
            out.respond(command.replyTo(), Reason.QUOTA_EXCEEDED, now);
            return;
        }
        Transfer t = before == null ? lifecycle.create(id, origin, now) : before;
        lifecycle.save(id, before, fins.onFin(id, t, fin, command.replyTo(), now), now);
    }

    /** The exported file has this size, and the checksum, if the fin names one. */
    private static boolean matchesExported(Transfer exported, FinRequest request) {
        FinRequest fin = exported.finish().fin();
        return fin != null && fin.size() == request.size()
                && (request.checksum() == null || request.checksum().equals(exported.export().sha256()));
    }

    /** While exporting: a fin for the manifest's size and (if it names one) the manifest's checksum. */
    private static boolean sameFile(FinRequest exporting, FinRequest request) {
        return exporting.size() == request.size()
                && (request.checksum() == null || exporting.checksum() == null
                || request.checksum().equals(exporting.checksum()));
    }

    /**
     * Ferry's fix (docs/protocol.md §4): abort really frees the state; the next command starts a new upload. While
     * exporting it waits for the outcome: a failed export means the abort won ({@code success}), an exported
     * file means it lost ({@code already_exported}, as after the export).
     */
    private void abort(TransferId id, CommandRecord command, Transfer before, long now) {
        if (before != null && before.state() == TransferState.EXPORTING) {
            if (limits.admitsWaiter(before.owed(), command.replyTo())) {
                LOG.info("abort of {} waits for the export outcome", id);
                lifecycle.save(id, before, before.with(before.export().plusAbort(command.replyTo())), now);
            } else {
                out.respond(command.replyTo(), Reason.QUOTA_EXCEEDED, now);
            }
            return;
        }
        if (before != null && before.state() == TransferState.EXPORTED) {
            // The file stays (an operator deletes it); the fileId is released, so the next upload is a new one.
            LOG.info("abort after export {}: fileId released, the file stays", id);
            lifecycle.end(id, before, null, null, now);
            out.respond(command.replyTo(), Reason.ALREADY_EXPORTED, now);
            return;
        }
        if (before != null) {
            before.finish().waiters().forEach(waiter -> out.respond(waiter, Reason.ABORTED, now));
            LOG.info("transfer aborted {} state={}", id, before.state().wireName());
            lifecycle.end(id, before, before.isLive() ? TransferEvent.Type.ABORTED : null, null, now);
        }
        out.respond(command.replyTo(), Reason.SUCCESS, now);
    }

    private void status(TransferId id, CommandRecord command, Transfer before, long now) {
        TransferStatus status = before == null ? TransferStatus.unknown() : statuses.forCommand(id, before);
        out.respond(command.replyTo(), Reason.SUCCESS, status, now);
    }
}
