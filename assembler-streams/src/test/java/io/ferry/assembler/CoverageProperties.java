package io.ferry.assembler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.ByteRange;
import io.ferry.records.SegmentPointer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * EMQX's {@code prop_emqx_ft_assembly} ({@code apps/emqx_ft/test/props/prop_emqx_ft_assembly.erl}) and more: any
 * segment set (duplicates, overlaps, any order, zero lengths, data past size) yields either a contiguous chain [0,
 * size) or incomplete with missing ranges that, once sent, complete it; a full tiling always completes; a resumed
 * upload (any subset, then the rest) completes.
 */
class CoverageProperties {

    record Case(long size, List<IndexedSegment> segments) {
    }

    @Provide
    Arbitrary<Case> randomSets() {
        Arbitrary<Long> sizes = Arbitraries.longs().between(0, 200);
        Arbitrary<List<long[]>> spans = Combinators.combine(
                Arbitraries.longs().between(0, 220), Arbitraries.integers().between(0, 60))
                .as((offset, length) -> new long[] {offset, length})
                .list().ofMaxSize(40);
        return Combinators.combine(sizes, spans).as((size, raw) -> {
            List<IndexedSegment> segments = new ArrayList<>();
            for (long[] span : raw) {
                segments.add(new IndexedSegment(span[0], (int) span[1], segments.size()));
            }
            return new Case(size, segments);
        });
    }

    @Property(tries = 500)
    void shouldReturnChainOrRepairableMissingRanges(@ForAll("randomSets") Case c) {
        Coverage.Result result = Coverage.compute(c.segments(), c.size());
        assertThat(result instanceof Coverage.Complete).isEqualTo(chainExists(c.segments(), c.size()));
        if (result instanceof Coverage.Complete complete) {
            assertValidChain(complete.chain(), c.segments(), c.size());
        } else {
            List<ByteRange> missing = ((Coverage.Incomplete) result).missing();
            assertThat(missing).isNotEmpty();
            long previousEnd = -1;
            for (ByteRange range : missing) {
                assertThat(range.length()).isPositive();
                assertThat(range.start()).isGreaterThan(previousEnd);
                assertThat(range.end()).isLessThanOrEqualTo(c.size());
                previousEnd = range.end();
            }
            List<IndexedSegment> repaired = new ArrayList<>(c.segments());
            for (ByteRange range : missing) {
                repaired.add(new IndexedSegment(range.start(), (int) range.length(), 10_000 + repaired.size()));
            }
            assertThat(Coverage.compute(repaired, c.size())).isInstanceOf(Coverage.Complete.class);
        }
    }

    @Property(tries = 300)
    void shouldAlwaysCompleteWhenAFullTilingIsPresent(@ForAll("randomSets") Case noise,
                                                      @ForAll @IntRange(min = 1, max = 300) int size,
                                                      @ForAll long seed) {
        Random random = new Random(seed);
        List<IndexedSegment> all = new ArrayList<>(noise.segments());
        all.addAll(tiling(size, random, 1_000));
        all.addAll(all.subList(0, Math.min(3, all.size())));
        Collections.shuffle(all, random);
        Coverage.Result result = Coverage.compute(all, size);
        assertThat(result).isInstanceOf(Coverage.Complete.class);
        assertValidChain(((Coverage.Complete) result).chain(), all, size);
    }

    @Property(tries = 300)
    void shouldCompleteWhenResumeSendsTheRestAfterAnySubset(@ForAll @IntRange(min = 1, max = 300) int size,
                                                           @ForAll long seed) {
        Random random = new Random(seed);
        List<IndexedSegment> tiling = tiling(size, random, 0);
        List<IndexedSegment> first = new ArrayList<>();
        for (IndexedSegment segment : tiling) {
            if (random.nextBoolean()) {
                first.add(segment);
            }
        }
        Coverage.Result partial = Coverage.compute(first, size);
        if (first.size() < tiling.size()) {
            assertThat(partial).isInstanceOf(Coverage.Incomplete.class);
            // the missing ranges are exactly the segments not yet sent (aligned uploads have no false positives)
            long missingBytes = ((Coverage.Incomplete) partial).missing().stream().mapToLong(ByteRange::length).sum();
            long unsent = tiling.stream().filter(s -> !first.contains(s)).mapToLong(IndexedSegment::length).sum();
            assertThat(missingBytes).isEqualTo(unsent);
        }
        List<IndexedSegment> resumed = new ArrayList<>(first);
        List<IndexedSegment> rest = new ArrayList<>(tiling);
        Collections.shuffle(rest, random);
        resumed.addAll(rest);
        assertThat(Coverage.compute(resumed, size)).isInstanceOf(Coverage.Complete.class);
    }

    private static List<IndexedSegment> tiling(int size, Random random, long firstKafkaOffset) {
        List<IndexedSegment> pieces = new ArrayList<>();
        int offset = 0;
        while (offset < size) {
            int length = Math.min(size - offset, 1 + random.nextInt(40));
            pieces.add(new IndexedSegment(offset, length, firstKafkaOffset + pieces.size()));
            offset += length;
        }
        return pieces;
    }

    private static void assertValidChain(List<SegmentPointer> chain, List<IndexedSegment> segments, long size) {
        long expected = 0;
        for (int i = 0; i < chain.size(); i++) {
            SegmentPointer pointer = chain.get(i);
            assertThat(pointer.fileOffset()).isEqualTo(expected);
            assertThat(pointer.length()).isPositive();
            boolean last = i == chain.size() - 1;
            boolean backed = segments.stream().anyMatch(s -> s.kafkaOffset() == pointer.kafkaOffset()
                    && s.fileOffset() == pointer.fileOffset()
                    && (last ? s.length() >= pointer.length() : s.length() == pointer.length()));
            assertThat(backed).as("pointer %s is a segment (truncated only if last)", pointer).isTrue();
            expected = pointer.fileEnd();
        }
        assertThat(expected).isEqualTo(size);
    }

    /** Reference: breadth-first search over offsets, the obvious way. */
    private static boolean chainExists(List<IndexedSegment> segments, long size) {
        if (size == 0) {
            return true;
        }
        Set<Long> seen = new HashSet<>();
        Deque<Long> queue = new ArrayDeque<>();
        queue.add(0L);
        seen.add(0L);
        while (!queue.isEmpty()) {
            long at = queue.poll();
            for (IndexedSegment s : segments) {
                if (s.fileOffset() == at && s.length() > 0) {
                    if (s.end() >= size) {
                        return true;
                    }
                    if (seen.add(s.end())) {
                        queue.add(s.end());
                    }
                }
            }
        }
        return false;
    }
}
