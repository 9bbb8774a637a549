package io.ferry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.ByteRange;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** RangeSet behaves like a bit set of bytes, whatever the order of adds and removes. */
class RangeSetProperties {
    private static final int SIZE = 200;

    record Op(boolean add, int start, int end) {
    }

    @Property(tries = 300)
    void shouldMatchABitSetModel(@ForAll("ops") List<Op> ops) {
        RangeSet set = new RangeSet();
        BitSet model = new BitSet(SIZE);
        for (Op op : ops) {
            if (op.add()) {
                set.add(op.start(), op.end());
                model.set(op.start(), op.end());
            } else {
                set.remove(op.start(), op.end());
                model.clear(op.start(), op.end());
            }
        }

        assertThat(set.bytes()).isEqualTo(model.cardinality());
        List<ByteRange> ranges = set.toList();
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).start()).as("merged, sorted").isGreaterThan(ranges.get(i - 1).end());
        }
        long gapBytes = set.gaps(SIZE).stream().mapToLong(ByteRange::length).sum();
        assertThat(gapBytes).isEqualTo(SIZE - model.cardinality());
        assertThat(set.overlap(50, 150)).isEqualTo(model.get(50, 150).cardinality());
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> start = Arbitraries.integers().between(0, SIZE - 1);
        Arbitrary<Integer> length = Arbitraries.integers().between(0, 60);
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(true, true, false), start, length)
                .as((add, s, l) -> new Op(add, s, Math.min(SIZE, s + l)));
        return op.list().ofMaxSize(30);
    }
}
