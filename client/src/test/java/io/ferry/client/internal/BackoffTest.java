package io.ferry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void shouldDoubleUpToTheMaximumAndStartOverAfterReset() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(350));

        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(350));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(350));
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
    }
}
