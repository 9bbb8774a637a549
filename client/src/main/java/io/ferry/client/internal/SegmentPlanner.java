package io.ferry.client.internal;

import io.ferry.protocol.ByteRange;

/**
 * Picks the next segment to send. Segments start at the first byte neither confirmed nor in flight, so after a
 * resume they start exactly where the server's data ends: the fin coverage rule needs a boundary-aligned chain.
 */
final class SegmentPlanner {
    private SegmentPlanner() {
    }

    /**
     * The next segment of at most {@code segmentSize} bytes, or null when nothing is left to send. Walks both sets
     * from the start without copying them: in the usual state (a confirmed prefix, then a contiguous block in flight)
     * that is two lookups, not a merge of every range on every answer.
     */
    static ByteRange next(RangeSet confirmed, RangeSet inFlight, long size, int segmentSize) {
        if (segmentSize < 1) {
            throw new IllegalArgumentException("segmentSize must be >= 1: " + segmentSize);
        }
        long cursor = 0;
        long covered;
        while ((covered = Math.max(confirmed.coveredFrom(cursor), inFlight.coveredFrom(cursor))) > cursor) {
            cursor = covered;
        }
        if (cursor >= size) {
            return null;
        }
        long gapEnd = Math.min(size, Math.min(confirmed.nextStart(cursor), inFlight.nextStart(cursor)));
        return new ByteRange(cursor, Math.min(gapEnd, cursor + segmentSize));
    }
}
