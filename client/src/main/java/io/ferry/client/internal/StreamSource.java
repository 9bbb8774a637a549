package io.ferry.client.internal;

import io.ferry.protocol.Sha256;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream read once, front to back, hashed on the way. Segments read but not yet confirmed by the server are kept
 * so they can be sent again; a confirmed one is dropped, so memory stays at about the in-flight window. Bytes the
 * server already holds are read (for the hash) and skipped. A range that must be sent again after it was dropped
 * cannot be: the upload then fails with an {@link IOException}.
 */
final class StreamSource implements SegmentSource {
    private static final int SKIP_BUFFER = 64 * 1024;
    private final InputStream in;
    private final long size;
    private final Sha256 declared;
    private final MessageDigest digest = Sha256.newDigest();
    private final TreeMap<Long, ByteBuffer> kept = new TreeMap<>();
    private long position;
    private Sha256 computed;

    StreamSource(InputStream in, long size, Sha256 declared) {
        this.in = in;
        this.size = size;
        this.declared = declared;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public ByteBuffer read(long offset, int length) throws IOException {
        long end = offset + length;
        if (offset < 0 || length < 0 || end > size) {
            throw new IllegalArgumentException("segment [" + offset + ", " + end + ") outside stream");
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        long cursor = offset;
        while (cursor < end && cursor < position) {
            cursor = copyKept(cursor, end, out);
        }
        if (cursor < end) {
            skipTo(cursor);
            byte[] fresh = readFully((int) (end - cursor));
            kept.put(cursor, ByteBuffer.wrap(fresh).asReadOnlyBuffer());
            out.put(fresh);
        }
        return out.flip();
    }

    private long copyKept(long cursor, long end, ByteBuffer out) throws IOException {
        Map.Entry<Long, ByteBuffer> chunk = kept.floorEntry(cursor);
        if (chunk == null || chunk.getKey() + chunk.getValue().capacity() <= cursor) {
            throw new IOException("cannot send bytes from " + cursor + " again: the stream has moved past them");
        }
        ByteBuffer view = chunk.getValue().duplicate();
        int from = (int) (cursor - chunk.getKey());
        int to = (int) Math.min(view.capacity(), Math.min(end, position) - chunk.getKey());
        view.limit(to).position(from);
        out.put(view);
        return chunk.getKey() + to;
    }

    private void skipTo(long offset) throws IOException {
        byte[] buffer = new byte[SKIP_BUFFER];
        while (position < offset) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, offset - position));
            if (n < 0) {
                throw new EOFException("stream ended at " + position + ", expected " + size + " bytes");
            }
            digest.update(buffer, 0, n);
            position += n;
        }
    }

    private byte[] readFully(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("stream ended at " + (position + bytes.length) + ", expected " + size + " bytes");
        }
        digest.update(bytes);
        position += length;
        return bytes;
    }

    @Override
    public void release(RangeSet confirmed) {
        for (Iterator<Map.Entry<Long, ByteBuffer>> it = kept.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, ByteBuffer> chunk = it.next();
            if (confirmed.covers(chunk.getKey(), chunk.getKey() + chunk.getValue().capacity())) {
                it.remove();
            }
        }
    }

    @Override
    public Sha256 knownChecksum() {
        return declared != null ? declared : computed;
    }

    @Override
    public Sha256 finalChecksum() throws IOException {
        if (computed == null) {
            skipTo(size);
            if (in.read() >= 0) {
                throw new IOException("stream is longer than the declared " + size + " bytes");
            }
            computed = Sha256.of(digest.digest());
        }
        if (declared != null && !declared.equals(computed)) {
            throw new IOException("stream SHA-256 " + computed + " differs from the declared " + declared);
        }
        return computed;
    }

    /** Bytes held for re-sending, for tests. */
    long keptBytes() {
        return kept.values().stream().mapToLong(ByteBuffer::capacity).sum();
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // The caller's stream: nothing more to do with it.
        }
    }
}
