package io.ferry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateMeterTest {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void shouldMeasureBytesPerSecondOverTheWindow() {
        RateMeter meter = new RateMeter(clock, 5_000);
        meter.record(0);
        now = now.plusSeconds(2);
        meter.record(2_000_000);

        assertThat(meter.bytesPerSecond()).isEqualTo(1_000_000.0);
    }

    @Test
    void shouldForgetOldSamplesSoAStallShowsUp() {
        RateMeter meter = new RateMeter(clock, 5_000);
        meter.record(0);
        now = now.plusSeconds(1);
        meter.record(10_000_000);
        now = now.plusSeconds(10);
        meter.record(10_000_000);
        now = now.plusSeconds(1);
        meter.record(10_000_000);

        assertThat(meter.bytesPerSecond()).isZero();
    }

    @Test
    void shouldBeZeroWithoutTwoSamples() {
        assertThat(new RateMeter(clock, 5_000).bytesPerSecond()).isZero();
    }
}
