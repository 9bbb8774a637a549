package io.ferry.assembler;

import static java.util.Objects.requireNonNull;

import io.ferry.config.Settings;
import java.time.Duration;

/**
 * Per-client limits; breaking one answers {@code quota_exceeded} (151). Counters live in the task that owns the
 * transfer's partition (transfers are keyed by (clientId, fileId)); every task publishes them on ferry.usage and
 * {@link QuotaGuard} adds the other tasks' to its own, so each limit holds for the client as a whole.
 * {@code maxFileSize} applies to init and fin sizes and to segment ends; {@code maxBytesInFlight} to indexed
 * segment bytes of transfers not yet exported; {@code maxFilesPerWindow} to files completed (manifests, zero-byte
 * files included) per fixed {@code filesWindow}, which bounds how fast a client can grow the catalog.
 */
public record Quotas(int maxTransfers, long maxFileSize, long maxBytesInFlight, int maxFilesPerWindow,
                     Duration filesWindow) {
    public static final int DEFAULT_MAX_TRANSFERS = 1_000;
    public static final int DEFAULT_MAX_FILES_PER_WINDOW = 1_000;
    public static final Duration DEFAULT_FILES_WINDOW = Duration.ofHours(1);
    public static final long DEFAULT_MAX_FILE_SIZE = 1L << 40;
    public static final long DEFAULT_MAX_BYTES_IN_FLIGHT = 1L << 40;

    public Quotas {
        if (maxTransfers < 1) {
            throw new IllegalArgumentException("maxTransfers must be >= 1: " + maxTransfers);
        }
        if (maxFileSize < 0) {
            throw new IllegalArgumentException("maxFileSize must be >= 0: " + maxFileSize);
        }
        if (maxBytesInFlight < 0) {
            throw new IllegalArgumentException("maxBytesInFlight must be >= 0: " + maxBytesInFlight);
        }
        requireNonNull(filesWindow, "filesWindow");
        if (maxFilesPerWindow < 1 || filesWindow.toMillis() < 1) {
            throw new IllegalArgumentException("maxFilesPerWindow and filesWindow must be >= 1");
        }
    }

    /** The three original limits, with the default files-per-window limit. */
    public Quotas(int maxTransfers, long maxFileSize, long maxBytesInFlight) {
        this(maxTransfers, maxFileSize, maxBytesInFlight, DEFAULT_MAX_FILES_PER_WINDOW, DEFAULT_FILES_WINDOW);
    }

    public static Quotas defaults() {
        return new Quotas(DEFAULT_MAX_TRANSFERS, DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_BYTES_IN_FLIGHT);
    }

    /**
     * Keys {@code ferry.assembler.quota.transfers}, {@code .file.size}, {@code .bytes.in.flight},
     * {@code .files.per.window}, {@code .files.window}.
     */
    public static Quotas fromSettings(Settings settings) {
        return new Quotas(
                settings.get(AssemblerSettings.QUOTA_TRANSFERS),
                settings.get(AssemblerSettings.QUOTA_FILE_SIZE),
                settings.get(AssemblerSettings.QUOTA_BYTES_IN_FLIGHT),
                settings.get(AssemblerSettings.QUOTA_FILES_PER_WINDOW),
                settings.get(AssemblerSettings.QUOTA_FILES_WINDOW));
    }
}
