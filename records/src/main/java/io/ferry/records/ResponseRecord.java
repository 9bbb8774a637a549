package io.ferry.records;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.protocol.TransferStatus;

/**
 * A value of {@code ferry.responses}: the answer and where it goes. Every broker node reads it; the node the device
 * is connected to delivers it (docs/architecture.md "Ingress inside the broker").
 */
public record ResponseRecord(ReplyTo replyTo, Response response) {
    public ResponseRecord {
        requireNonNull(replyTo, "replyTo");
        requireNonNull(response, "response");
    }

    public static ResponseRecord of(ReplyTo replyTo, Reason reason) {
        return new ResponseRecord(replyTo, Response.of(replyTo, reason));
    }

    public static ResponseRecord of(ReplyTo replyTo, Reason reason, TransferStatus transfer) {
        return new ResponseRecord(replyTo, Response.of(replyTo, reason, transfer));
    }
}
