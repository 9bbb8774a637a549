package io.ferry.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A half-open byte range [start, end), written as the JSON array {@code [start, end]}. */
public record ByteRange(long start, long end) {
    public ByteRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid range [" + start + ", " + end + ")");
        }
    }

    public long length() {
        return end - start;
    }

    @JsonValue
    long[] toArray() {
        return new long[] {start, end};
    }

    @JsonCreator
    static ByteRange fromArray(long[] pair) {
        if (pair.length != 2) {
            throw new IllegalArgumentException("a range is [start, end]");
        }
        return new ByteRange(pair[0], pair[1]);
    }
}
