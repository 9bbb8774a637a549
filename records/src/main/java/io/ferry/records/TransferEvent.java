package io.ferry.records;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ferry.protocol.Checks;

/** A value of {@code ferry.events}: a lifecycle event for back-ends. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransferEvent(String clientId, String fileId, Type type, long at, String reason, Long size,
                            String message) {
    public enum Type { STARTED, COMPLETED, FAILED, ABORTED, EXPIRED }

    public TransferEvent {
        Checks.clientId(clientId);
        Checks.fileId(fileId);
        requireNonNull(type, "type");
    }
}
