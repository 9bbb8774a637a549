package io.ferry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SegmentSizingTest {
    private static final int CAP = 512 * 1024;

    @Test
    void shouldUseTheCapWhenTheBrokerAllowsLargePackets() {
        assertThat(SegmentSizing.effective(0, CAP, 32 * 1024 * 1024, 200)).isEqualTo(CAP);
    }

    @Test
    void shouldFitThePacketLimitWithRoomForTopicAndProperties() {
        int size = SegmentSizing.effective(0, CAP, 100_000, 200);

        assertThat(size).isEqualTo(100_000 - SegmentSizing.FIXED_OVERHEAD - 200);
    }

    @Test
    void shouldUseTheCapWhenThePacketLimitIsUnknown() {
        assertThat(SegmentSizing.effective(0, CAP, 0, 200)).isEqualTo(CAP);
    }

    @Test
    void shouldHonourARequestedSizeButNeverExceedThePacketLimit() {
        assertThat(SegmentSizing.effective(4096, CAP, 0, 200)).isEqualTo(4096);
        assertThat(SegmentSizing.effective(2 * 1024 * 1024, CAP, 1024 * 1024, 200))
                .isEqualTo(1024 * 1024 - SegmentSizing.FIXED_OVERHEAD - 200);
    }
}
