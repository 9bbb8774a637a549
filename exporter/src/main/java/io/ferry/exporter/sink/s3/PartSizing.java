package io.ferry.exporter.sink.s3;

/**
 * Multipart part size from the file size, known up front from the manifest: S3 allows 10,000 parts, so parts grow
 * with the file and any object up to S3's 5 TiB limit fits in at most {@link #MAX_PARTS} parts, leaving headroom.
 */
public final class PartSizing {
    public static final int MAX_PARTS = 9000;
    public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
    public static final long MAX_OBJECT_SIZE = 5L * 1024 * 1024 * 1024 * 1024;

    private PartSizing() {
    }

    /** {@code max(minPartSize, ceil(size / 9000))}. */
    public static long partSize(long size, long minPartSize) {
        if (size < 0 || size > MAX_OBJECT_SIZE) {
            throw new IllegalArgumentException("S3 objects are 0 to 5 TiB: " + size);
        }
        return Math.max(minPartSize, (size + MAX_PARTS - 1) / MAX_PARTS);
    }

    public static long partCount(long size, long partSize) {
        return Math.max(1, (size + partSize - 1) / partSize);
    }
}
