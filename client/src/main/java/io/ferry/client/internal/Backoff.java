package io.ferry.client.internal;

import java.time.Duration;

/** Exponential backoff between {@code initial} and {@code max}; reset when things go well again. */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private int attempt;

    Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max: " + initial + ", " + max);
        }
        this.initial = initial;
        this.max = max;
    }

    Duration next() {
        long factor = 1L << Math.min(attempt, 30);
        attempt++;
        long millis = initial.toMillis() * factor;
        if (millis <= 0 || millis > max.toMillis()) {
            return max;
        }
        return Duration.ofMillis(millis);
    }

    void reset() {
        attempt = 0;
    }

    int attempts() {
        return attempt;
    }
}
