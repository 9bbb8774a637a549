package io.ferry.assembler;

import io.ferry.protocol.ByteRange;
import io.ferry.records.TransferId;
import io.ferry.protocol.TransferStatus;
import java.util.List;

/** The docs/protocol.md §5 transfer object of a transfer, for status answers, incomplete fins and snapshots. */
final class TransferStatuses {
    /** Up to this many indexed segments a status reads the index (a cheap range read) for the exact missing list. */
    static final int EXACT_STATUS_SEGMENTS = 64;
    private final TransferStore store;

    TransferStatuses(TransferStore store) {
        this.store = store;
    }

    /** With missing ranges from the coverage rule (reads the index). */
    TransferStatus exact(TransferId id, Transfer t) {
        Long size = t.knownSize();
        if (size == null || !t.isReceiving()) {
            return cheap(t);
        }
        List<ByteRange> received = t.progress().received();
        List<ByteRange> missing = Coverage.compute(store.segments(id), size) instanceof Coverage.Incomplete incomplete
                ? incomplete.missing() : List.of();
        return new TransferStatus(t.state(), received, Ranges.bytes(received), size, missing);
    }

    /**
     * The answer to a status command, bounded in cost whatever the index holds: the exact coverage rule for an
     * index of at most {@link #EXACT_STATUS_SEGMENTS} segments, else what was never received (the ranges an
     * overlap misaligned with its neighbours makes missing too are named by the fin's {@code incomplete} answer).
     */
    TransferStatus forCommand(TransferId id, Transfer t) {
        return t.progress().segmentCount() <= EXACT_STATUS_SEGMENTS ? exact(id, t) : cheap(t);
    }

    /** Without reading the index: missing is what was never received (ops view on ferry.transfers). */
    static TransferStatus cheap(Transfer t) {
        Long size = t.knownSize();
        List<ByteRange> received = t.progress().received();
        List<ByteRange> missing = size == null ? null
                : t.isReceiving() ? Ranges.complement(received, size) : List.of();
        return new TransferStatus(t.state(), received, Ranges.bytes(received), size, missing);
    }
}
