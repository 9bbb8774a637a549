package io.ferry.assembler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.ByteRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangesTest {
    @Test
    void shouldMergeOverlappingAndTouchingRanges() {
        List<ByteRange> ranges = List.of();
        ranges = Ranges.add(ranges, new ByteRange(10, 20));
        ranges = Ranges.add(ranges, new ByteRange(30, 40));
        ranges = Ranges.add(ranges, new ByteRange(0, 5));
        assertThat(ranges).containsExactly(new ByteRange(0, 5), new ByteRange(10, 20), new ByteRange(30, 40));
        ranges = Ranges.add(ranges, new ByteRange(20, 30));
        assertThat(ranges).containsExactly(new ByteRange(0, 5), new ByteRange(10, 40));
        ranges = Ranges.add(ranges, new ByteRange(3, 50));
        assertThat(ranges).containsExactly(new ByteRange(0, 50));
        assertThat(Ranges.bytes(ranges)).isEqualTo(50);
    }

    @Test
    void shouldIgnoreEmptyRange() {
        assertThat(Ranges.add(List.of(), new ByteRange(7, 7))).isEmpty();
    }

    @Test
    void shouldComplementWithinSize() {
        List<ByteRange> received = List.of(new ByteRange(0, 10), new ByteRange(20, 30), new ByteRange(50, 60));
        assertThat(Ranges.complement(received, 40)).containsExactly(new ByteRange(10, 20), new ByteRange(30, 40));
        assertThat(Ranges.complement(List.of(), 5)).containsExactly(new ByteRange(0, 5));
        assertThat(Ranges.complement(received, 0)).isEmpty();
    }
}
