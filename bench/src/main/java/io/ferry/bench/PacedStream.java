package io.ferry.bench;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A file read as a device produces data: chunk {@code n} becomes readable {@code n × pace} after the first read, so an
 * upload stays in flight for a known time. Reading blocks the caller until then (the uploader's event thread: use one
 * uploader per paced upload).
 */
final class PacedStream extends FilterInputStream {
    private final int chunk;
    private final long paceNanos;
    private long position;
    private long started;

    PacedStream(Path file, int chunk, long paceMillis) throws IOException {
        super(Files.newInputStream(file));
        this.chunk = chunk;
        this.paceNanos = TimeUnit.MILLISECONDS.toNanos(paceMillis);
    }

    @Override
    public int read() throws IOException {
        awaitTurn();
        int b = super.read();
        if (b >= 0) {
            position++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        awaitTurn();
        long toBoundary = chunk - position % chunk;
        int n = super.read(buffer, offset, (int) Math.min(length, toBoundary));
        if (n > 0) {
            position += n;
        }
        return n;
    }

    private void awaitTurn() {
        if (started == 0) {
            started = System.nanoTime();
        }
        long due = started + position / chunk * paceNanos;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
