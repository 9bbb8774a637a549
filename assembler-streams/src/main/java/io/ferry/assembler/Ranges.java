package io.ferry.assembler;

import io.ferry.protocol.ByteRange;
import java.util.ArrayList;
import java.util.List;

/** Sorted, merged lists of half-open byte ranges (docs/protocol.md §5 {@code received}). */
final class Ranges {
    private Ranges() {
    }

    /** {@code merged} plus {@code added}, still sorted and merged (touching ranges join). */
    static List<ByteRange> add(List<ByteRange> merged, ByteRange added) {
        if (added.length() == 0) {
            return merged;
        }
        List<ByteRange> out = new ArrayList<>(merged.size() + 1);
        long start = added.start();
        long end = added.end();
        boolean placed = false;
        for (ByteRange range : merged) {
            if (range.end() < start) {
                out.add(range);
            } else if (range.start() > end) {
                if (!placed) {
                    out.add(new ByteRange(start, end));
                    placed = true;
                }
                out.add(range);
            } else {
                start = Math.min(start, range.start());
                end = Math.max(end, range.end());
            }
        }
        if (!placed) {
            out.add(new ByteRange(start, end));
        }
        return List.copyOf(out);
    }

    static long bytes(List<ByteRange> merged) {
        long total = 0;
        for (ByteRange range : merged) {
            total += range.length();
        }
        return total;
    }

    /** The parts of [0, size) that {@code merged} does not cover. */
    static List<ByteRange> complement(List<ByteRange> merged, long size) {
        List<ByteRange> gaps = new ArrayList<>();
        long position = 0;
        for (ByteRange range : merged) {
            if (range.start() >= size) {
                break;
            }
            if (range.start() > position) {
                gaps.add(new ByteRange(position, range.start()));
            }
            position = Math.max(position, range.end());
        }
        if (position < size) {
            gaps.add(new ByteRange(position, size));
        }
        return List.copyOf(gaps);
    }
}
