package io.ferry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.ByteRange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentPlannerTest {
    @Test
    void shouldPlanFixedSizeSegmentsWithAShortLastOne() {
        assertThat(plan(new RangeSet(), 25, 10))
                .containsExactly(new ByteRange(0, 10), new ByteRange(10, 20), new ByteRange(20, 25));
    }

    @Test
    void shouldStartSegmentsWhereTheServersDataEndsWhenResuming() {
        RangeSet confirmed = RangeSet.of(List.of(new ByteRange(0, 13), new ByteRange(30, 40)));

        assertThat(plan(confirmed, 45, 10)).containsExactly(new ByteRange(13, 23), new ByteRange(23, 30),
                new ByteRange(40, 45));
    }

    @Test
    void shouldSkipRangesInFlight() {
        RangeSet inFlight = RangeSet.of(List.of(new ByteRange(0, 10)));

        assertThat(SegmentPlanner.next(new RangeSet(), inFlight, 30, 10)).isEqualTo(new ByteRange(10, 20));
    }

    @Test
    void shouldFindTheFirstGapWhenConfirmedAndInFlightRangesInterleave() {
        RangeSet confirmed = RangeSet.of(List.of(new ByteRange(0, 10), new ByteRange(20, 30), new ByteRange(40, 45)));
        RangeSet inFlight = RangeSet.of(List.of(new ByteRange(10, 20), new ByteRange(30, 40), new ByteRange(50, 60)));

        assertThat(SegmentPlanner.next(confirmed, inFlight, 100, 10)).isEqualTo(new ByteRange(45, 50));
        assertThat(SegmentPlanner.next(confirmed, inFlight, 47, 10)).isEqualTo(new ByteRange(45, 47));
        RangeSet rest = RangeSet.of(List.of(new ByteRange(10, 20), new ByteRange(30, 40), new ByteRange(45, 60)));
        assertThat(SegmentPlanner.next(confirmed, rest, 60, 10)).isNull();
    }

    @Test
    void shouldPlanNothingForACoveredOrEmptyFile() {
        assertThat(SegmentPlanner.next(RangeSet.of(List.of(new ByteRange(0, 5))), new RangeSet(), 5, 10)).isNull();
        assertThat(SegmentPlanner.next(new RangeSet(), new RangeSet(), 0, 10)).isNull();
    }

    private static List<ByteRange> plan(RangeSet confirmed, long size, int segment) {
        RangeSet taken = new RangeSet();
        List<ByteRange> plan = new ArrayList<>();
        ByteRange next;
        while ((next = SegmentPlanner.next(confirmed, taken, size, segment)) != null) {
            plan.add(next);
            taken.add(next);
        }
        return plan;
    }
}
