package io.ferry.records;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where one piece of the file sits: the record at {@code kafkaOffset} in the transfer's ferry.commands partition holds
 * a segment starting at {@code fileOffset}; its first {@code length} bytes belong to the file (fewer than the
 * segment's length only for the last piece, when the segment runs past the fin size). JSON: {@code [k, f, l]}.
 */
public record SegmentPointer(long kafkaOffset, long fileOffset, int length) {
    public SegmentPointer {
        if (kafkaOffset < 0 || fileOffset < 0 || length < 0) {
            throw new IllegalArgumentException("invalid pointer " + kafkaOffset + "/" + fileOffset + "/" + length);
        }
    }

    public long fileEnd() {
        return fileOffset + length;
    }

    @JsonValue
    long[] toArray() {
        return new long[] {kafkaOffset, fileOffset, length};
    }

    @JsonCreator
    static SegmentPointer fromArray(long[] triple) {
        if (triple.length != 3) {
            throw new IllegalArgumentException("a pointer is [kafkaOffset, fileOffset, length]");
        }
        return new SegmentPointer(triple[0], triple[1], Math.toIntExact(triple[2]));
    }
}
