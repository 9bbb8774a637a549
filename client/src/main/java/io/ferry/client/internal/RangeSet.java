package io.ferry.client.internal;

import io.ferry.protocol.ByteRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mutable set of merged half-open byte ranges: what the server confirmed, what is in flight, what was ever sent.
 * Touched by one upload's event-loop thread only, so it is not synchronized.
 */
final class RangeSet {
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    static RangeSet of(List<ByteRange> list) {
        RangeSet set = new RangeSet();
        list.forEach(set::add);
        return set;
    }

    void add(ByteRange range) {
        add(range.start(), range.end());
    }

    void add(long start, long end) {
        if (end <= start) {
            return;
        }
        Map.Entry<Long, Long> before = ranges.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
        while (next != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(start);
        }
        ranges.put(start, end);
    }

    void remove(long start, long end) {
        if (end <= start) {
            return;
        }
        Map.Entry<Long, Long> before = ranges.lowerEntry(start);
        if (before != null && before.getValue() > start) {
            ranges.put(before.getKey(), start);
            if (before.getValue() > end) {
                ranges.put(end, before.getValue());
                return;
            }
        }
        Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
        while (next != null && next.getKey() < end) {
            ranges.remove(next.getKey());
            if (next.getValue() > end) {
                ranges.put(end, next.getValue());
            }
            next = ranges.ceilingEntry(start);
        }
    }

    void clear() {
        ranges.clear();
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Total bytes covered. */
    long bytes() {
        long total = 0;
        for (Map.Entry<Long, Long> e : ranges.entrySet()) {
            total += e.getValue() - e.getKey();
        }
        return total;
    }

    /** The end of the range holding {@code position}, or {@code position} itself when no range holds it. */
    long coveredFrom(long position) {
        Map.Entry<Long, Long> range = ranges.floorEntry(position);
        return range != null && range.getValue() > position ? range.getValue() : position;
    }

    /** The start of the first range at or after {@code position}; {@link Long#MAX_VALUE} when there is none. */
    long nextStart(long position) {
        Long start = ranges.ceilingKey(position);
        return start == null ? Long.MAX_VALUE : start;
    }

    /** Bytes of [start, end) already in this set. */
    long overlap(long start, long end) {
        long total = 0;
        Map.Entry<Long, Long> first = ranges.floorEntry(start);
        Long from = first != null && first.getValue() > start ? first.getKey() : ranges.ceilingKey(start);
        if (from == null) {
            return 0;
        }
        for (Map.Entry<Long, Long> e : ranges.tailMap(from, true).entrySet()) {
            if (e.getKey() >= end) {
                break;
            }
            total += Math.min(end, e.getValue()) - Math.max(start, e.getKey());
        }
        return total;
    }

    boolean covers(long start, long end) {
        return overlap(start, end) == end - start;
    }

    /** The first byte range of [0, size) not in this set, or null when [0, size) is covered. */
    ByteRange firstGap(long size) {
        long cursor = 0;
        for (Map.Entry<Long, Long> e : ranges.entrySet()) {
            if (cursor >= size) {
                return null;
            }
            if (e.getKey() > cursor) {
                return new ByteRange(cursor, Math.min(e.getKey(), size));
            }
            cursor = Math.max(cursor, e.getValue());
        }
        return cursor < size ? new ByteRange(cursor, size) : null;
    }

    /** The gaps of [0, size) in this set. */
    List<ByteRange> gaps(long size) {
        List<ByteRange> gaps = new ArrayList<>();
        long cursor = 0;
        for (Map.Entry<Long, Long> e : ranges.entrySet()) {
            if (cursor >= size) {
                break;
            }
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

    List<ByteRange> toList() {
        List<ByteRange> list = new ArrayList<>(ranges.size());
        ranges.forEach((s, e) -> list.add(new ByteRange(s, e)));
        return list;
    }

    @Override
    public String toString() {
        return toList().toString();
    }
}
