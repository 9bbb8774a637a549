package io.ferry.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.EPOCH);
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(1), clock);

    @Test
    void shouldBlockSourceAfterMaxFailuresUntilTheWindowEnds() {
        assertThat(throttle.failed("10.0.0.1")).isFalse();
        assertThat(throttle.failed("10.0.0.1")).isFalse();
        assertThat(throttle.blocked("10.0.0.1")).isFalse();
        assertThat(throttle.failed("10.0.0.1")).as("the blocking failure is reported once").isTrue();

        assertThat(throttle.blocked("10.0.0.1")).isTrue();
        assertThat(throttle.blocked("10.0.0.2")).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.blocked("10.0.0.1")).isFalse();
    }

    @Test
    void shouldForgetFailuresWhenSourceLogsInSuccessfully() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        throttle.succeeded("10.0.0.1");
        throttle.failed("10.0.0.1");

        assertThat(throttle.blocked("10.0.0.1")).isFalse();
    }

    @Test
    void shouldStartNewWindowWhenOldOneExpired() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        clock.advance(Duration.ofMinutes(2));
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");

        assertThat(throttle.blocked("10.0.0.1")).isFalse();
    }
}
