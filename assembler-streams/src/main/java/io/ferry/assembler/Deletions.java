package io.ferry.assembler;

import io.ferry.records.TransferId;
import io.ferry.protocol.TransferState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catalog tombstones on ferry.files (an operator's DELETE through the API, or retention): the assembler forgets an
 * exported transfer, so the next upload of that fileId is a new upload, never swallowed as a re-sent one. While
 * the transfer is exporting it cannot tell this export's tombstone from an earlier generation's, so it keeps the
 * tombstone's time and {@link Outcomes} compares it with the export's.
 */
record Deletions(TransferStore store, Lifecycle lifecycle) {
    private static final Logger LOG = LoggerFactory.getLogger(Deletions.class);

    /** {@code value} is the catalog record's value: null for a tombstone; entries are the exporter's and ignored. */
    void handle(TransferId id, Object value, long recordTime, long now) {
        if (id == null || value != null) {
            return;
        }
        Transfer t = store.get(id);
        if (t == null) {
            return;
        }
        if (t.state() == TransferState.EXPORTED) {
            LOG.info("exported file {} was deleted: the next upload of it is a new one", id);
            lifecycle.end(id, t, null, null, now);
        } else if (t.state() == TransferState.EXPORTING) {
            Long deletedAt = t.export().deletedAt();
            long at = deletedAt == null ? recordTime : Math.max(deletedAt, recordTime);
            store.put(id, t.with(t.export().withDeletedAt(at)));
        }
    }
}
