package io.ferry.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** docs/protocol.md §5 states of a transfer. */
public enum TransferState {
    UNKNOWN, RECEIVING, EXPORTING, EXPORTED, FAILED, ABORTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TransferState fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
