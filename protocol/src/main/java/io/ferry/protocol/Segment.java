package io.ferry.protocol;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;

/**
 * A segment at {@code offset}. {@code checksum} is the SHA-256 from the topic, or null. The payload is
 * a read-only view; records compare it by content, and {@link #toString()} prints only its length.
 */
public record Segment(String fileId, long offset, Sha256 checksum, ByteBuffer payload) implements Command {
    public Segment {
        Checks.fileId(fileId);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
        payload = requireNonNull(payload, "payload").asReadOnlyBuffer();
    }

    public static Segment of(String fileId, long offset, Sha256 checksum, byte[] payload) {
        return new Segment(fileId, offset, checksum, ByteBuffer.wrap(payload));
    }

    public int length() {
        return payload.remaining();
    }

    public long end() {
        return offset + length();
    }

    public byte[] payloadBytes() {
        byte[] copy = new byte[payload.remaining()];
        payload.duplicate().get(copy);
        return copy;
    }

    @Override
    public CommandKind kind() {
        return CommandKind.SEGMENT;
    }

    @Override
    public String toString() {
        return "Segment[fileId=" + fileId + ", offset=" + offset + ", length=" + length()
                + ", checksum=" + checksum + "]";
    }
}
