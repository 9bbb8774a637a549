package io.ferry.client.internal;

import io.ferry.protocol.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;

/**
 * A file read by position: any segment can be read again, so nothing is kept in memory. The first pass computes
 * the SHA-256 (init and fin carry it); size and modification time are checked again before fin.
 */
final class FileSource implements SegmentSource {
    private static final int HASH_BUFFER = 256 * 1024;
    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final FileTime modified;
    private final Sha256 checksum;

    private FileSource(Path path, FileChannel channel, long size, FileTime modified, Sha256 checksum) {
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.modified = modified;
        this.checksum = checksum;
    }

    /** Opens the file and streams it once through SHA-256. Blocking: call off the event thread. */
    static FileSource open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            long size = channel.size();
            MessageDigest digest = Sha256.newDigest();
            InputStream in = Channels.newInputStream(channel.position(0));
            byte[] buffer = new byte[HASH_BUFFER];
            long total = 0;
            int n;
            while (total < size && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - total))) > 0) {
                digest.update(buffer, 0, n);
                total += n;
            }
            if (total != size) {
                throw new IOException("file shrank while reading: " + path);
            }
            return new FileSource(path, channel, size, modified, Sha256.of(digest.digest()));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public ByteBuffer read(long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IllegalArgumentException("segment [" + offset + ", " + (offset + length) + ") outside file");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long position = offset;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("file shrank during upload: " + path);
            }
            position += n;
        }
        return buffer.flip();
    }

    @Override
    public void release(RangeSet confirmed) {
        // Nothing is cached: segments are read again from disk when needed.
    }

    @Override
    public Sha256 knownChecksum() {
        return checksum;
    }

    @Override
    public Sha256 finalChecksum() throws IOException {
        if (channel.size() != size || !Files.getLastModifiedTime(path).equals(modified)) {
            throw new IOException("file changed during upload: " + path);
        }
        return checksum;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Read-only channel: nothing to lose.
        }
    }
}
