package io.ferry.exporter.sink;

import io.ferry.records.Location;
import io.ferry.protocol.Sha256;
import java.nio.ByteBuffer;

/**
 * One file being written: bytes in file order, then {@link #commit(Sha256)} once the caller verified the whole-file
 * digest, or {@link #abort()}. Until commit nothing is visible at the location; after abort nothing is left behind.
 */
public interface SinkWrite extends AutoCloseable {
    /** Appends all remaining bytes of {@code bytes}. May block while earlier data is still being uploaded. */
    void write(ByteBuffer bytes);

    /**
     * Hands what was written so far to durable storage where that is a separate step (a local file's data), so that
     * the commit of a file streamed while it was received has only the tail left to flush. Nothing becomes visible.
     */
    default void sync() {
    }

    /** Makes the file visible atomically, recording {@code sha256}; returns where it is. */
    Location commit(Sha256 sha256);

    /** Discards everything written; safe to call more than once and after commit (then it does nothing). */
    void abort();

    @Override
    default void close() {
        abort();
    }
}
