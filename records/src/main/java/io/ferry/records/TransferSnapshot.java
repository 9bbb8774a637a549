package io.ferry.records;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ferry.protocol.Checks;
import io.ferry.protocol.TransferStatus;

/** A value of {@code ferry.transfers} (compacted; tombstoned when done): progress of one transfer in flight. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransferSnapshot(String clientId, String fileId, String name, TransferStatus status, long startedAt,
                               long lastActivityAt) {
    public TransferSnapshot {
        Checks.clientId(clientId);
        Checks.fileId(fileId);
        requireNonNull(status, "status");
    }
}
