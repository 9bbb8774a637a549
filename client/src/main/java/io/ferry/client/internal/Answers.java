package io.ferry.client.internal;

import io.ferry.client.FerryUploadException;
import io.ferry.protocol.Response;
import io.ferry.protocol.TransferStatus;
import java.util.concurrent.CompletionException;

/** Reading the server's answers: what a status says is stored, and the exceptions an upload fails with. */
final class Answers {
    static final String CHECKSUM_MISMATCH = "checksum_mismatch";
    static final String SEGMENT_TOO_LARGE = "segment_too_large";
    static final String INCOMPLETE = "incomplete";

    private Answers() {
    }

    /** A response, or why there is none (connection lost, timeout). */
    record Outcome(Response response, Throwable error) {
        Outcome {
            error = unwrap(error);
        }

        boolean lost() {
            return error instanceof SessionHost.ConnectionLostException;
        }

        boolean timedOut() {
            return error instanceof SessionHost.ResponseTimeoutException;
        }
    }

    /** 151: pause and retry later (Ferry's response, or a broker's PUBACK). */
    static boolean isQuota(Response response) {
        return response.reasonCode() == MqttTransport.PubAck.QUOTA_EXCEEDED;
    }

    static boolean is(Response response, String description) {
        return description.equals(response.reasonDescription());
    }

    /**
     * The bytes a status says the server holds for this upload: all of them once exported, none for a transfer it
     * does not know (or that was aborted: later segments start a new one), else its received ranges.
     */
    static RangeSet stored(TransferStatus transfer, long size) {
        RangeSet stored = new RangeSet();
        switch (transfer.state()) {
            case EXPORTED -> stored.add(0, size);
            case UNKNOWN, ABORTED -> { }
            default -> transfer.received().forEach(stored::add);
        }
        return stored;
    }

    static FerryUploadException rejected(String fileId, Response response) {
        return new FerryUploadException(fileId, response.reasonCode(), response.reasonDescription(),
                "server answered " + response.reasonDescription() + " (" + response.reasonCode() + ") to "
                        + response.topic());
    }

    static FerryUploadException local(String fileId, String what, Throwable error) {
        Throwable cause = unwrap(error);
        String word = cause instanceof SessionHost.ResponseTimeoutException ? "timeout" : "internal_error";
        return FerryUploadException.local(fileId, word, what + " failed: " + cause.getMessage(), cause);
    }

    static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
