package io.ferry.client.it;

import io.ferry.protocol.ByteRange;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Segment;
import io.ferry.protocol.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What {@link ProtocolServer} holds for one transfer: the meta, the bytes on disk, the received ranges. */
final class StoredTransfer {
    final Ranges ranges = new Ranges();
    private final FileChannel data;
    FileMeta meta;
    boolean exported;
    long size;
    long bytesReceived;
    int segmentsReceived;

    StoredTransfer(Path file) {
        try {
            this.data = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(Segment segment) {
        try {
            ByteBuffer payload = segment.payload().duplicate();
            long position = segment.offset();
            while (payload.hasRemaining()) {
                position += data.write(payload, position);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ranges.add(segment.offset(), segment.end());
        bytesReceived += segment.length();
        segmentsReceived++;
    }

    Sha256 sha256(long length) {
        MessageDigest digest = Sha256.newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
        try {
            for (long position = 0; position < length; ) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), length - position));
                int n = data.read(buffer, position);
                if (n < 0) {
                    break;
                }
                digest.update(buffer.flip());
                position += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Sha256.of(digest.digest());
    }

    void close() {
        try {
            data.close();
        } catch (IOException e) {
            // deleted on close
        }
    }

    /** Merged half-open ranges. */
    static final class Ranges {
        private final TreeMap<Long, Long> map = new TreeMap<>();

        synchronized void add(long start, long end) {
            Map.Entry<Long, Long> before = map.floorEntry(start);
            if (before != null && before.getValue() >= start) {
                start = before.getKey();
                end = Math.max(end, before.getValue());
            }
            Map.Entry<Long, Long> next;
            while ((next = map.ceilingEntry(start)) != null && next.getKey() <= end) {
                end = Math.max(end, next.getValue());
                map.remove(next.getKey());
            }
            map.put(start, end);
        }

        synchronized void remove(ByteRange range) {
            List<ByteRange> kept = new ArrayList<>();
            for (ByteRange r : list()) {
                if (r.end() <= range.start() || r.start() >= range.end()) {
                    kept.add(r);
                } else {
                    if (r.start() < range.start()) {
                        kept.add(new ByteRange(r.start(), range.start()));
                    }
                    if (r.end() > range.end()) {
                        kept.add(new ByteRange(range.end(), r.end()));
                    }
                }
            }
            map.clear();
            kept.forEach(r -> map.put(r.start(), r.end()));
        }

        synchronized boolean covers(long size) {
            return size == 0 || map.floorEntry(0L) != null && map.get(0L) != null && map.get(0L) >= size;
        }

        synchronized List<ByteRange> list() {
            List<ByteRange> list = new ArrayList<>();
            map.forEach((s, e) -> list.add(new ByteRange(s, e)));
            return list;
        }

        synchronized List<ByteRange> gaps(long size) {
            List<ByteRange> gaps = new ArrayList<>();
            long cursor = 0;
            for (Map.Entry<Long, Long> e : map.entrySet()) {
                if (e.getKey() > cursor) {
                    gaps.add(new ByteRange(cursor, Math.min(e.getKey(), size)));
                }
                cursor = Math.max(cursor, e.getValue());
            }
            if (cursor < size) {
                gaps.add(new ByteRange(cursor, size));
            }
            return gaps;
        }
    }
}
