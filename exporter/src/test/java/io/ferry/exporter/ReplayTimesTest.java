package io.ferry.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReplayTimesTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldReadInstantsDatesAndAgesWhenGivenAsTime() {
        assertThat(ReplayTimes.parse("2026-12-01T08:30:00Z", NOW)).isEqualTo("2026-12-01T08:30:00Z");
        assertThat(ReplayTimes.parse("2026-12-01T08:30:00+01:00", NOW)).isEqualTo("2026-12-01T07:30:00Z");
        assertThat(ReplayTimes.parse("2026-12-01T08:30", NOW)).isEqualTo("2026-12-01T08:30:00Z");
        assertThat(ReplayTimes.parse("2026-12-01", NOW)).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(ReplayTimes.parse("90s", NOW)).isEqualTo("2026-12-03T11:58:30Z");
        assertThat(ReplayTimes.parse("30m", NOW)).isEqualTo("2026-12-03T11:30:00Z");
        assertThat(ReplayTimes.parse("2h", NOW)).isEqualTo("2026-12-03T10:00:00Z");
        assertThat(ReplayTimes.parse("7d", NOW)).isEqualTo("2026-11-26T12:00:00Z");
    }

    @Test
    void shouldNameTheFormsWhenTimeIsNotUnderstood() {
        assertThatThrownBy(() -> ReplayTimes.parse("last tuesday", NOW))
                .hasMessageContaining("'last tuesday' is not a time").hasMessageContaining("2h, 7d");
    }
}
