package io.ferry.client.internal;

import io.ferry.protocol.CommandTopic;
import io.ferry.protocol.Response;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What an {@link UploadSession} needs from its uploader. Every method is called on the event thread, and every
 * future completes on it, never inside the call that created it.
 */
interface SessionHost {
    /**
     * Publishes a command and waits for its response. Completes with the response (or a stand-in built from a
     * PUBACK error code), or exceptionally with {@link ConnectionLostException} or {@link ResponseTimeoutException}.
     * The timeout runs from the PUBACK, since Ferry delays PUBACKs to push back.
     */
    CompletableFuture<Response> request(String topic, ByteBuffer payload, Duration timeout);

    boolean online();

    /** The segment size for this connection and these topics. */
    int segmentSize(CommandTopic topics);

    /** False once the server showed it does not know the status command (plain EMQX). */
    boolean statusSupported();

    void statusSupported(boolean supported);

    void schedule(Runnable task, Duration delay);

    /** The session is done (confirmed, failed, cancelled); forget it. */
    void finished(UploadSession session);

    UploaderConfig config();

    default Clock clock() {
        return config().clock();
    }

    final class ConnectionLostException extends RuntimeException {
        ConnectionLostException(String message) {
            super(message, null, false, false);
        }
    }

    final class ResponseTimeoutException extends RuntimeException {
        ResponseTimeoutException(String topic, Duration timeout) {
            super("no response to " + topic + " within " + timeout, null, false, false);
        }
    }
}
