package io.ferry.assembler;

import io.ferry.records.TransferId;

/**
 * This task's quota counters of each client (what {@link QuotaGuard} checks, and what ferry.usage publishes): a live
 * transfer holds one transfer and its indexed bytes until it is exported or ends.
 */
final class QuotaCounters {
    private final TransferStore store;

    QuotaCounters(TransferStore store) {
        this.store = store;
    }

    void transferStarted(TransferId id) {
        store.charge(id.clientId(), 1, 0);
    }

    void bytesIndexed(TransferId id, long bytes) {
        store.charge(id.clientId(), 0, bytes);
    }

    /** Index entries were forgotten (older than the segment max age): their bytes no longer count. */
    void bytesForgotten(TransferId id, long bytes) {
        store.charge(id.clientId(), 0, -bytes);
    }

    /** {@code t} stops being live (exported, or ended while live): its transfer and bytes are freed. */
    void released(TransferId id, Transfer t) {
        store.charge(id.clientId(), -1, -t.progress().storedBytes());
    }
}
