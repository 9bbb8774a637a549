package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.ByteRanges.Kind;
import io.ferry.api.ByteRanges.Span;
import org.junit.jupiter.api.Test;

class ByteRangesTest {
    @Test
    void shouldServeWholeFileWithoutRange() {
        assertThat(ByteRanges.select(null, 100)).isEqualTo(new Span(Kind.WHOLE, 0, 99));
    }

    @Test
    void shouldSelectClosedRange() {
        assertThat(ByteRanges.select("bytes=10-19", 100)).isEqualTo(new Span(Kind.PARTIAL, 10, 19));
    }

    @Test
    void shouldClampLastByteToFileEnd() {
        assertThat(ByteRanges.select("bytes=90-1000", 100)).isEqualTo(new Span(Kind.PARTIAL, 90, 99));
        assertThat(ByteRanges.select("bytes=90-99999999999999999999999", 100))
                .isEqualTo(new Span(Kind.PARTIAL, 90, 99));
    }

    @Test
    void shouldSelectOpenEndedRange() {
        assertThat(ByteRanges.select("bytes=95-", 100)).isEqualTo(new Span(Kind.PARTIAL, 95, 99));
    }

    @Test
    void shouldSelectSuffixRange() {
        assertThat(ByteRanges.select("bytes=-5", 100)).isEqualTo(new Span(Kind.PARTIAL, 95, 99));
        assertThat(ByteRanges.select("bytes=-500", 100)).isEqualTo(new Span(Kind.PARTIAL, 0, 99));
    }

    @Test
    void shouldBeUnsatisfiableWhenStartIsAtOrPastTheEnd() {
        assertThat(ByteRanges.select("bytes=100-", 100).kind()).isEqualTo(Kind.UNSATISFIABLE);
        assertThat(ByteRanges.select("bytes=100-200", 100).kind()).isEqualTo(Kind.UNSATISFIABLE);
        assertThat(ByteRanges.select("bytes=99999999999999999999999-", 100).kind()).isEqualTo(Kind.UNSATISFIABLE);
    }

    @Test
    void shouldBeUnsatisfiableForZeroSuffixOrEmptyFile() {
        assertThat(ByteRanges.select("bytes=-0", 100).kind()).isEqualTo(Kind.UNSATISFIABLE);
        assertThat(ByteRanges.select("bytes=0-", 0).kind()).isEqualTo(Kind.UNSATISFIABLE);
        assertThat(ByteRanges.select("bytes=-1", 0).kind()).isEqualTo(Kind.UNSATISFIABLE);
    }

    @Test
    void shouldIgnoreMalformedMultipleOrForeignRanges() {
        for (String header : new String[] {"bytes=5-2", "bytes=a-b", "bytes=-", "bytes=1-2,5-6", "items=1-2",
                "bytes 1-2", "bytes=1--2", "bytes=+1-2"}) {
            assertThat(ByteRanges.select(header, 100)).as(header).isEqualTo(new Span(Kind.WHOLE, 0, 99));
        }
    }

    @Test
    void shouldAcceptCaseAndWhitespaceVariants() {
        assertThat(ByteRanges.select(" Bytes= 1 - 2 ", 100)).isEqualTo(new Span(Kind.PARTIAL, 1, 2));
    }
}
