package io.ferry.storage;

/** {@code length} bytes from {@code offset} on. */
public record ByteRange(long offset, long length) {
    public ByteRange {
        if (offset < 0 || length < 0 || offset > Long.MAX_VALUE - length) {
            throw new IllegalArgumentException("bad byte range: offset " + offset + ", length " + length);
        }
    }

    /** The HTTP Range header value; only for a non-empty range. */
    String httpRange() {
        if (length == 0) {
            throw new IllegalStateException("an empty range has no HTTP form");
        }
        return "bytes=" + offset + "-" + (offset + length - 1);
    }
}
