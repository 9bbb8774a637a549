package io.ferry.exporter;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Exponential backoff for sink outages, bounded by {@code max}; an export still retrying after {@code deadline} is
 * reported stalled (it is never given up while the failure is retriable).
 */
record RetryPolicy(Duration initial, Duration max, Duration deadline) {
    RetryPolicy {
        requireNonNull(initial, "initial");
        requireNonNull(max, "max");
        requireNonNull(deadline, "deadline");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || deadline.isNegative()) {
            throw new IllegalArgumentException("invalid retry policy " + initial + "/" + max + "/" + deadline);
        }
    }

    /** Wait before attempt {@code attempt + 1}, after {@code attempt} (≥ 1) failed ones. */
    Duration backoff(int attempt) {
        int doublings = Math.min(attempt - 1, 30);
        Duration wait = initial.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 || wait.isNegative() ? max : wait;
    }
}
