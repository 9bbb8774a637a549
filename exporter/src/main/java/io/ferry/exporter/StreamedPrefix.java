package io.ferry.exporter;

import static java.util.Objects.requireNonNull;

import io.ferry.exporter.sink.Sink;
import io.ferry.exporter.sink.SinkWrite;
import java.security.MessageDigest;
import java.util.Map;

/**
 * What a {@link TransferStream} hands to the export of its manifest: one open write per sink holding the file's first
 * {@code bytes} bytes, the digest state over exactly those bytes, and how many of the manifest's pointers they are.
 * Owned by the export from then on (it commits or aborts the writes); the digest is mutable on purpose.
 */
record StreamedPrefix(Map<Sink, SinkWrite> writes, MessageDigest digest, int count, long bytes) {
    StreamedPrefix {
        requireNonNull(writes, "writes");
        requireNonNull(digest, "digest");
        writes = Map.copyOf(writes);
        if (count < 0 || bytes < 0) {
            throw new IllegalArgumentException("invalid prefix " + count + "/" + bytes);
        }
    }
}
