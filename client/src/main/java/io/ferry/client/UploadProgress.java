package io.ferry.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A snapshot of one upload.
 *
 * @param bytesConfirmed  bytes the server confirmed it holds (status or segment responses)
 * @param bytesSent       segment bytes published so far by this uploader, re-sends included
 * @param bytesResent     of those, bytes published more than once
 * @param bytesPerSecond  confirmed bytes per second over the last few seconds
 */
public record UploadProgress(String fileId, String name, long size, UploadPhase phase, long bytesConfirmed,
                             long bytesSent, long bytesResent, double bytesPerSecond) {
    public UploadProgress {
        requireNonNull(fileId, "fileId");
        requireNonNull(name, "name");
        requireNonNull(phase, "phase");
        if (size < 0 || bytesConfirmed < 0 || bytesSent < 0 || bytesResent < 0) {
            throw new IllegalArgumentException("sizes and counters must be >= 0");
        }
    }

    /** Confirmed fraction in [0, 1]; an empty file counts as done once confirmed by fin. */
    public double fraction() {
        if (size == 0) {
            return phase == UploadPhase.DONE ? 1 : 0;
        }
        return Math.min(1.0, (double) bytesConfirmed / size);
    }

    /** Time left at the current rate, or null when the rate is unknown. */
    public Duration eta() {
        if (bytesPerSecond <= 0) {
            return null;
        }
        long left = Math.max(0, size - bytesConfirmed);
        return Duration.ofMillis((long) (left * 1000.0 / bytesPerSecond));
    }
}
