package io.ferry.assembler;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionCheckTest {
    @Test
    void shouldAcceptAMaxAgeBelowTheRetentionOrAnUnlimitedRetention() {
        assertThatCode(() -> RetentionCheck.check("c", Duration.ofDays(7).toMillis(), Duration.ofDays(6)))
                .doesNotThrowAnyException();
        assertThatCode(() -> RetentionCheck.check("c", -1L, Duration.ofDays(60))).doesNotThrowAnyException();
        assertThatCode(() -> RetentionCheck.check("c", null, Duration.ofDays(60))).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAMaxAgeAtOrAboveTheRetention() {
        assertThatThrownBy(() -> RetentionCheck.check("c", Duration.ofDays(6).toMillis(), Duration.ofDays(6)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("retention.ms");
    }
}
