package io.ferry.client.internal;

import io.ferry.protocol.Sha256;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Where segment bytes come from. Reads happen on the uploader's event thread, one segment at a time. */
interface SegmentSource extends Closeable {
    long size();

    /** A new buffer holding exactly [offset, offset + length). */
    ByteBuffer read(long offset, int length) throws IOException;

    /** The server holds these bytes now; a stream may forget them. */
    void release(RangeSet confirmed);

    /** The whole-file SHA-256 if already known (a file's, after the first pass), else null. */
    Sha256 knownChecksum();

    /** The whole-file SHA-256; a stream reads what it has not read yet. Fails if a file changed meanwhile. */
    Sha256 finalChecksum() throws IOException;

    @Override
    void close();
}
