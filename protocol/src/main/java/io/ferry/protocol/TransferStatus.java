package io.ferry.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the server holds for a transfer (docs/protocol.md §5): the {@code transfer} object of a status or
 * incomplete-fin response. {@code size} and {@code missing} are null when no size is known.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransferStatus(TransferState state, List<ByteRange> received, long bytes, Long size,
                             List<ByteRange> missing) {
    public TransferStatus {
        requireNonNull(state, "state");
        received = List.copyOf(requireNonNull(received, "received"));
        missing = missing == null ? null : List.copyOf(missing);
    }

    public static TransferStatus unknown() {
        return new TransferStatus(TransferState.UNKNOWN, List.of(), 0, null, null);
    }
}
