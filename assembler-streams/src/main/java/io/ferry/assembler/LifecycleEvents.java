package io.ferry.assembler;

import io.ferry.protocol.Reason;
import io.ferry.records.TransferEvent;
import io.ferry.records.TransferId;

/**
 * The assembler's lifecycle events on ferry.events: a transfer started, or ended (aborted, expired). COMPLETED and
 * FAILED on an export outcome only with {@code ferry.assembler.export.events}: the exporter publishes those itself.
 */
record LifecycleEvents(Outputs out, boolean exportEvents) {
    void started(TransferId id, long now) {
        out.event(id, TransferEvent.Type.STARTED, null, null, null, now);
    }

    /** {@code size} is what the transfer knew of its size, or null. */
    void ended(TransferId id, TransferEvent.Type type, Reason reason, Long size, long now) {
        out.event(id, type, reason, size, null, now);
    }

    void completed(TransferId id, long size, long now) {
        if (exportEvents) {
            out.event(id, TransferEvent.Type.COMPLETED, Reason.SUCCESS, size, null, now);
        }
    }

    void failed(TransferId id, Reason reason, long size, String message, long now) {
        if (exportEvents) {
            out.event(id, TransferEvent.Type.FAILED, reason, size, message, now);
        }
    }
}
