package io.ferry.records;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.Reason;
import io.ferry.protocol.Sha256;

/**
 * A value of {@code ferry.exported}: the exporter's result for one manifest, fed back to the assembler so later
 * fins are answered from its state. {@code sha256} is the verified digest on success, else null.
 */
public record ExportOutcome(TransferId transferId, long generation, Reason reason, Sha256 sha256, String message,
                            long at) {
    public ExportOutcome {
        requireNonNull(transferId, "transferId");
        requireNonNull(reason, "reason");
    }

    public boolean isSuccess() {
        return reason.isSuccess();
    }
}
