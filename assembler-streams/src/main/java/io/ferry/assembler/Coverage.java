package io.ferry.assembler;

import io.ferry.protocol.ByteRange;
import io.ferry.records.SegmentPointer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EMQX's fin coverage rule (docs/protocol.md §2; EMQX's {@code emqx_ft_assembly.erl}): the file is complete when a
 * chain of segments covers [0, size), each starting exactly where the previous one ended. Overlaps count only when
 * their boundaries line up, 0-length segments are ignored, and data past {@code size} is ignored (the last pointer is
 * truncated). Among complete chains the one with the fewest segments wins, like EMQX's shortest path.
 */
final class Coverage {
    private static final Comparator<IndexedSegment> FILE_ORDER = Comparator
            .comparingLong(IndexedSegment::fileOffset)
            .thenComparing(Comparator.comparingInt(IndexedSegment::length).reversed())
            .thenComparingLong(IndexedSegment::kafkaOffset);

    private Coverage() {
    }

    sealed interface Result permits Complete, Incomplete {
    }

    /** The chain in file order, contiguous from 0 to size. */
    record Complete(List<SegmentPointer> chain) implements Result {
        Complete {
            chain = List.copyOf(chain);
        }
    }

    /**
     * {@code missing}: ranges whose (re)sending completes a chain. It equals the bytes never received unless
     * received overlaps fail to line up; then it also names received bytes that must come again on a boundary.
     */
    record Incomplete(List<ByteRange> missing) implements Result {
        Incomplete {
            missing = List.copyOf(missing);
        }
    }

    private record Step(int count, IndexedSegment segment) {
    }

    static Result compute(Collection<IndexedSegment> segments, long size) {
        if (size == 0) {
            return new Complete(List.of());
        }
        List<IndexedSegment> usable = new ArrayList<>();
        for (IndexedSegment segment : segments) {
            if (segment.length() > 0 && segment.fileOffset() < size) {
                usable.add(segment);
            }
        }
        usable.sort(FILE_ORDER);
        Map<Long, Step> best = shortestChains(usable, size);
        if (best.containsKey(size)) {
            return new Complete(chainTo(best, size));
        }
        return new Incomplete(missing(usable, size));
    }

    /**
     * Every segment ends after it starts, so visiting segments by start offset relaxes each offset only after all
     * edges into it were seen: a one-pass shortest path on a DAG.
     */
    private static Map<Long, Step> shortestChains(List<IndexedSegment> usable, long size) {
        Map<Long, Step> best = new HashMap<>();
        best.put(0L, new Step(0, null));
        for (IndexedSegment segment : usable) {
            Step from = best.get(segment.fileOffset());
            if (from == null) {
                continue;
            }
            long end = Math.min(segment.end(), size);
            Step current = best.get(end);
            if (current == null || from.count() + 1 < current.count()) {
                best.put(end, new Step(from.count() + 1, segment));
            }
        }
        return best;
    }

    private static List<SegmentPointer> chainTo(Map<Long, Step> best, long size) {
        List<SegmentPointer> chain = new ArrayList<>();
        long end = size;
        while (end > 0) {
            IndexedSegment segment = best.get(end).segment();
            chain.add(new SegmentPointer(segment.kafkaOffset(), segment.fileOffset(),
                    Math.toIntExact(end - segment.fileOffset())));
            end = segment.fileOffset();
        }
        Collections.reverse(chain);
        return chain;
    }

    /**
     * Walks the segments by start offset keeping the furthest reachable offset; whenever the next segment starts
     * beyond it, nothing can bridge that gap, so it is missing and the walk continues from the segment's start.
     * Filling every reported gap therefore always yields a chain.
     */
    private static List<ByteRange> missing(List<IndexedSegment> usable, long size) {
        List<ByteRange> missing = new ArrayList<>();
        Set<Long> reachable = new HashSet<>();
        reachable.add(0L);
        long furthest = 0;
        for (IndexedSegment segment : usable) {
            if (segment.fileOffset() > furthest) {
                missing.add(new ByteRange(furthest, segment.fileOffset()));
                reachable.add(segment.fileOffset());
                furthest = segment.fileOffset();
            }
            if (reachable.contains(segment.fileOffset())) {
                long end = Math.min(segment.end(), size);
                reachable.add(end);
                furthest = Math.max(furthest, end);
            }
        }
        if (furthest < size) {
            missing.add(new ByteRange(furthest, size));
        }
        return missing;
    }
}
