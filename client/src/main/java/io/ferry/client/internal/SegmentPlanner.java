package io.ferry.client.internal;

import io.ferry.protocol.ByteRange;

/**
 * Picks the next segment to send. Segments start at the first byte neither confirmed nor in flight, so after a
 * resume they start exactly where the server's data ends: the fin coverage rule needs a boundary-aligned chain.
 */
final class SegmentPlanner {
    private SegmentPlanner() {
    }

    /** The next segment of at most {@code segmentSize} bytes, or null when nothing is left to send. */
    static ByteRange next(RangeSet confirmed, RangeSet inFlight, long size, int segmentSize) {
        if (segmentSize < 1) {
            throw new IllegalArgumentException("segmentSize must be >= 1: " + segmentSize);
        }
        RangeSet taken = new RangeSet();
        confirmed.toList().forEach(taken::add);
        inFlight.toList().forEach(taken::add);
        ByteRange gap = taken.firstGap(size);
        if (gap == null) {
            return null;
        }
        return new ByteRange(gap.start(), Math.min(gap.end(), gap.start() + segmentSize));
    }
}
