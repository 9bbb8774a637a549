package io.ferry.assembler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.ByteRange;
import io.ferry.records.SegmentPointer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The coverage rule, with EMQX's eunit cases from {@code emqx_ft_assembly.erl}. */
class CoverageTest {
    private final List<IndexedSegment> segments = new ArrayList<>();

    private CoverageTest seg(long offset, int length) {
        segments.add(new IndexedSegment(offset, length, 100 + segments.size()));
        return this;
    }

    private Coverage.Result coverage(long size) {
        return Coverage.compute(segments, size);
    }

    private static List<long[]> spans(Coverage.Result result) {
        assertThat(result).isInstanceOf(Coverage.Complete.class);
        return ((Coverage.Complete) result).chain().stream()
                .map(p -> new long[] {p.fileOffset(), p.length()}).toList();
    }

    private static List<ByteRange> missing(Coverage.Result result) {
        assertThat(result).isInstanceOf(Coverage.Incomplete.class);
        return ((Coverage.Incomplete) result).missing();
    }

    @Test
    void shouldChainSegmentsInFileOrderWhenTheyArriveShuffled() {
        // simple_coverage_test
        seg(20, 30).seg(0, 10).seg(50, 50).seg(10, 10);
        assertThat(spans(coverage(100))).containsExactly(
                new long[] {0, 10}, new long[] {10, 10}, new long[] {20, 30}, new long[] {50, 50});
    }

    @Test
    void shouldPickFewestSegmentsWhenCoverageIsRedundant() {
        // redundant_coverage_test: EMQX picks n1, n6, n8, n5
        seg(0, 20).seg(0, 10).seg(20, 40).seg(10, 10).seg(50, 20).seg(20, 20).seg(50, 10).seg(40, 10);
        assertThat(spans(coverage(70))).containsExactly(
                new long[] {0, 20}, new long[] {20, 20}, new long[] {40, 10}, new long[] {50, 20});
    }

    @Test
    void shouldReportGapWhenSegmentsLeaveAHole() {
        // missing_coverage_test: EMQX says {30, 100}; the real hole is [30, 40)
        seg(0, 10).seg(10, 20).seg(0, 20).seg(50, 50).seg(40, 60);
        assertThat(missing(coverage(100))).containsExactly(new ByteRange(30, 40));
    }

    @Test
    void shouldReportIncompleteWhenOverlapsDoNotLineUp() {
        // missing_end_coverage_test: [0,15) + [10,20) for size 20 is incomplete; EMQX says {15, 20}
        seg(0, 15).seg(10, 10);
        assertThat(missing(coverage(20))).containsExactly(new ByteRange(15, 20));
    }

    @Test
    void shouldReportGapAfterRedundantSegments() {
        // missing_coverage_with_redudancy_test: EMQX says {60, 100}
        seg(0, 10).seg(0, 20).seg(10, 20).seg(10, 50).seg(40, 60);
        assertThat(missing(coverage(100))).containsExactly(new ByteRange(60, 100));
    }

    @Test
    void shouldCompleteEmptyFileWithoutSegments() {
        // t_assemble_empty_transfer
        assertThat(spans(coverage(0))).isEmpty();
    }

    @Test
    void shouldReportWholeFileMissingWhenNoSegments() {
        // t_assemble_incomplete_transfer
        assertThat(missing(coverage(42))).containsExactly(new ByteRange(0, 42));
    }

    @Test
    void shouldTruncateLastPointerWhenDataRunsPastSize() {
        seg(0, 10).seg(10, 10);
        Coverage.Result result = coverage(15);
        assertThat(((Coverage.Complete) result).chain())
                .containsExactly(new SegmentPointer(100, 0, 10), new SegmentPointer(101, 10, 5));
    }

    @Test
    void shouldIgnoreZeroLengthSegments() {
        seg(0, 0).seg(5, 0);
        assertThat(missing(coverage(5))).containsExactly(new ByteRange(0, 5));
        seg(0, 5);
        assertThat(spans(coverage(5))).containsExactly(new long[] {0, 5});
    }

    @Test
    void shouldIgnoreSegmentsStartingAtOrPastSize() {
        seg(0, 10).seg(10, 10).seg(30, 5);
        assertThat(spans(coverage(10))).containsExactly(new long[] {0, 10});
    }

    @Test
    void shouldNameUnalignedReceivedBytesAsMissingWhenAGapFollows() {
        // [5,25) is received but starts off the chain; resending [10,20) completes 0-10-20-30
        seg(0, 10).seg(5, 20).seg(20, 10);
        assertThat(missing(coverage(30))).containsExactly(new ByteRange(10, 20));
    }

    @Test
    void shouldPointAtTheKafkaOffsetsOfTheChosenSegments() {
        seg(10, 10).seg(0, 10);
        assertThat(((Coverage.Complete) coverage(20)).chain())
                .containsExactly(new SegmentPointer(101, 0, 10), new SegmentPointer(100, 10, 10));
    }
}
