package io.ferry.exporter.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PartSizingTest {
    private static final long MIB = 1024 * 1024;
    private static final long GIB = 1024 * MIB;

    @Test
    void shouldUseMinimumPartSizeUpTo9000Parts() {
        assertThat(PartSizing.partSize(16 * MIB, 8 * MIB)).isEqualTo(8 * MIB);
        assertThat(PartSizing.partSize(9000 * 8 * MIB, 8 * MIB)).isEqualTo(8 * MIB);
        assertThat(PartSizing.partSize(9000 * 8 * MIB + 1, 8 * MIB)).isEqualTo(8 * MIB + 1);
    }

    @Test
    void shouldGrowPartsForFilesFarAbove50Gigabytes() {
        long size = 200 * GIB;
        long part = PartSizing.partSize(size, 8 * MIB);
        assertThat(part).isEqualTo((size + 8999) / 9000);
        assertThat(PartSizing.partCount(size, part)).isLessThanOrEqualTo(9000);
    }

    @Test
    void shouldFitTheLargestS3ObjectIntoAllowedParts() {
        long part = PartSizing.partSize(PartSizing.MAX_OBJECT_SIZE, 8 * MIB);
        assertThat(part).isLessThanOrEqualTo(PartSizing.MAX_PART_SIZE);
        assertThat(PartSizing.partCount(PartSizing.MAX_OBJECT_SIZE, part)).isLessThanOrEqualTo(9000);
        assertThatThrownBy(() -> PartSizing.partSize(PartSizing.MAX_OBJECT_SIZE + 1, 8 * MIB))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 500)
    void partsNeverExceedLimitsAndCoverTheFile(@ForAll @LongRange(min = 0, max = 5L << 40) long size) {
        long part = PartSizing.partSize(size, 8 * MIB);
        long parts = PartSizing.partCount(size, part);
        assertThat(part).isBetween(8 * MIB, PartSizing.MAX_PART_SIZE);
        assertThat(parts).isBetween(1L, 9000L);
        assertThat(parts * part).isGreaterThanOrEqualTo(size);
    }
}
