package io.ferry.assembler;

import io.ferry.records.TransferId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link Quotas} to a client's total: this task's counters plus what every other task last published on
 * ferry.usage (read from the global mirror), so a limit holds across partitions and instances. The other tasks'
 * part lags by their commit interval: clients admitted on several partitions at the same moment can overshoot by
 * what those tasks admitted within it.
 */
record QuotaGuard(Quotas quotas, TransferStore store) {
    private static final Logger LOG = LoggerFactory.getLogger(QuotaGuard.class);

    boolean admitsNewTransfer(TransferId id) {
        int transfers = store.usage(id.clientId()).transfers() + store.elsewhere(id.clientId(), -1).transfers();
        if (transfers >= quotas.maxTransfers()) {
            LOG.info("quota exceeded: {} concurrent transfers, limit {} {}", transfers, quotas.maxTransfers(), id);
            return false;
        }
        return true;
    }

    /** Declared sizes (init, fin) and segment ends must stay within the maximum file size. */
    boolean admitsSize(TransferId id, Long size) {
        if (size != null && size > quotas.maxFileSize()) {
            LOG.info("quota exceeded: size {} above limit {} {}", size, quotas.maxFileSize(), id);
            return false;
        }
        return true;
    }

    /** Fixed windows (start / length) so every task counts the same window. */
    long filesWindow(long now) {
        return now / quotas.filesWindow().toMillis();
    }

    /** One more completed file (a manifest) fits in the client's files of the current window. */
    boolean admitsFile(TransferId id, long now) {
        long window = filesWindow(now);
        int files = store.usage(id.clientId()).filesIn(window) + store.elsewhere(id.clientId(), window).files();
        if (files >= quotas.maxFilesPerWindow()) {
            LOG.info("quota exceeded: {} files in the current {} window, limit {} {}", files, quotas.filesWindow(),
                    quotas.maxFilesPerWindow(), id);
            return false;
        }
        return true;
    }

    boolean admitsBytes(TransferId id, long more) {
        long bytes = store.usage(id.clientId()).bytes() + store.elsewhere(id.clientId(), -1).bytes();
        if (bytes + more > quotas.maxBytesInFlight()) {
            LOG.info("quota exceeded: {} + {} bytes in flight, limit {} {}", bytes, more, quotas.maxBytesInFlight(),
                    id);
            return false;
        }
        return true;
    }
}
