package io.ferry.protocol;

import static java.util.Objects.requireNonNull;

/** A value of {@code ft.responses}: the answer and where it goes. The bridge publishes it once. */
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
