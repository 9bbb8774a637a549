package io.ferry.assembler;

import io.ferry.records.ExportOutcome;
import io.ferry.protocol.Reason;
import io.ferry.records.TransferEvent;
import io.ferry.records.TransferId;
import io.ferry.protocol.TransferState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exporter's result (ferry.exported). The exporter answered the manifest's waiters itself; fins that came later
 * are answered here. A failure (e.g. whole-file checksum_mismatch) returns the transfer to receiving as FAILED, so
 * a fin with the right checksum can export it again (EMQX t_invalid_checksum).
 */
record Outcomes(TransferStore store, Outputs out, Lifecycle lifecycle, LifecycleEvents events) {
    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

    void handle(TransferId key, ExportOutcome outcome, long now) {
        TransferId id = outcome.transferId();
        Transfer t = store.get(id);
        if (!id.equals(key) || t == null || t.generation() != outcome.generation()
                || t.state() != TransferState.EXPORTING) {
            // An upload that was aborted or expired meanwhile, or a duplicate delivery: nothing waits for it.
            LOG.info("ignoring export outcome {} generation={} reason={}: no export in progress", id,
                    outcome.generation(), outcome.reason().description());
            return;
        }
        if (outcome.isSuccess()) {
            t.finish().waiters().forEach(waiter -> out.respond(waiter, Reason.SUCCESS, now));
            LOG.info("transfer exported {} sha256={}", id, outcome.sha256());
            Transfer exported = lifecycle.exported(id, t, outcome.sha256(), now);
            Long deletedAt = t.export().deletedAt();
            boolean deleted = deletedAt != null && deletedAt >= outcome.at();
            if (t.export().aborts().isEmpty() && !deleted) {
                lifecycle.save(id, t, exported, now);
                return;
            }
            // The abort lost (the file is out) or an operator already deleted the file: release the fileId.
            t.export().aborts().forEach(abort -> out.respond(abort, Reason.ALREADY_EXPORTED, now));
            LOG.info("released {} after export: aborts={} deleted={}", id, t.export().aborts().size(), deleted);
            lifecycle.end(id, exported, null, null, now);
            return;
        }
        if (!t.export().aborts().isEmpty()) {
            // Nothing was published: the abort wins.
            t.finish().waiters().forEach(waiter -> out.respond(waiter, Reason.ABORTED, now));
            t.export().aborts().forEach(abort -> out.respond(abort, Reason.SUCCESS, now));
            LOG.info("transfer aborted {} after its export failed: {}", id, outcome.reason().description());
            lifecycle.end(id, t, TransferEvent.Type.ABORTED, null, now);
            return;
        }
        t.finish().waiters().forEach(waiter -> out.respond(waiter, outcome.reason(), now));
        LOG.info("export failed {} reason={} message={}", id, outcome.reason().description(), outcome.message());
        events.failed(id, outcome.reason(), t.finish().fin().size(), outcome.message(), now);
        Transfer failed = t.withState(TransferState.FAILED).with(t.finish().answered())
                .with(t.export().withDeletedAt(null)).touched(now);
        lifecycle.save(id, t, failed, now);
    }
}
