package io.ferry.protocol;

import static java.util.Objects.requireNonNull;

/** A command the device sent cannot be accepted; {@link #reason()} is what the device is told. */
public class ProtocolException extends RuntimeException {
    private final Reason reason;

    public ProtocolException(Reason reason, String message) {
        super(message);
        this.reason = requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
