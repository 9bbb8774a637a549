package io.ferry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.ByteRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeSetTest {
    @Test
    void shouldMergeAdjacentAndOverlappingRanges() {
        RangeSet set = new RangeSet();
        set.add(10, 20);
        set.add(0, 10);
        set.add(15, 30);
        set.add(40, 50);

        assertThat(set.toList()).containsExactly(new ByteRange(0, 30), new ByteRange(40, 50));
        assertThat(set.bytes()).isEqualTo(40);
    }

    @Test
    void shouldSplitRangeWhenRemovingTheMiddle() {
        RangeSet set = new RangeSet();
        set.add(0, 100);
        set.remove(40, 60);

        assertThat(set.toList()).containsExactly(new ByteRange(0, 40), new ByteRange(60, 100));
    }

    @Test
    void shouldReportGapsOfTheWholeFile() {
        RangeSet set = RangeSet.of(List.of(new ByteRange(0, 10), new ByteRange(20, 30)));

        assertThat(set.gaps(40)).containsExactly(new ByteRange(10, 20), new ByteRange(30, 40));
        assertThat(set.firstGap(40)).isEqualTo(new ByteRange(10, 20));
        assertThat(set.gaps(25)).containsExactly(new ByteRange(10, 20));
    }

    @Test
    void shouldHaveNoGapWhenCoveredOrEmptyFile() {
        RangeSet set = RangeSet.of(List.of(new ByteRange(0, 10)));

        assertThat(set.firstGap(10)).isNull();
        assertThat(new RangeSet().firstGap(0)).isNull();
        assertThat(set.covers(0, 10)).isTrue();
        assertThat(set.covers(0, 11)).isFalse();
    }

    @Test
    void shouldCountOverlapAcrossSeveralRanges() {
        RangeSet set = RangeSet.of(List.of(new ByteRange(0, 10), new ByteRange(20, 30)));

        assertThat(set.overlap(5, 25)).isEqualTo(10);
        assertThat(set.overlap(10, 20)).isZero();
        assertThat(set.overlap(25, 100)).isEqualTo(5);
    }
}
