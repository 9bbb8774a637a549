package io.ferry.exporter;

import static java.util.Objects.requireNonNull;

import io.ferry.records.CatalogEntry;
import io.ferry.config.Settings;
import java.time.Duration;
import java.time.Instant;

/**
 * Retention of exported files (keys {@code ferry.exporter.retention.*}). {@code expireAt}: delete a file once the
 * {@code expire_at} (Unix seconds, 0 meaning none) its device gave at init has passed. {@code maxAge}: delete files
 * exported longer ago than this; {@link Duration#ZERO} keeps them forever. {@code interval}: how often the sweep
 * runs. {@code staleUploads}: S3 multipart uploads and local temporary files of this exporter's sinks older than
 * this are abandoned (a crashed or killed export) and removed by the sweep.
 */
public record RetentionConfig(boolean expireAt, Duration maxAge, Duration interval, Duration staleUploads) {
    public static final boolean DEFAULT_EXPIRE_AT = true;
    public static final Duration DEFAULT_MAX_AGE = Duration.ZERO;
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);
    /** A day: far longer than any export attempt, so another exporter's live upload is never taken for stale. */
    public static final Duration DEFAULT_STALE_UPLOADS = Duration.ofDays(1);

    public RetentionConfig {
        requireNonNull(maxAge, "maxAge");
        requireNonNull(interval, "interval");
        requireNonNull(staleUploads, "staleUploads");
        if (maxAge.isNegative() || interval.isNegative() || interval.isZero() || staleUploads.isNegative()
                || staleUploads.isZero()) {
            throw new IllegalArgumentException("invalid retention " + maxAge + "/" + interval + "/" + staleUploads);
        }
    }

    public static RetentionConfig defaults() {
        return new RetentionConfig(DEFAULT_EXPIRE_AT, DEFAULT_MAX_AGE, DEFAULT_INTERVAL, DEFAULT_STALE_UPLOADS);
    }

    static RetentionConfig fromSettings(Settings settings) {
        return new RetentionConfig(settings.get(ExporterSettings.RETENTION_EXPIRE_AT),
                settings.get(ExporterSettings.RETENTION_MAX_AGE), settings.get(ExporterSettings.RETENTION_INTERVAL),
                settings.get(ExporterSettings.RETENTION_STALE_UPLOADS));
    }

    /** Whether any rule may delete files (stale uploads are cleaned regardless). */
    boolean deletesFiles() {
        return expireAt || !maxAge.isZero();
    }

    /** Whether {@code entry} is due for deletion at {@code now}. */
    boolean isExpired(CatalogEntry entry, Instant now) {
        Long expireAtSeconds = entry.meta().expireAt();
        // 0 is no date anyone means (EMQX's schema allows it): read it as "no expiry", never as "delete at once".
        if (expireAt && expireAtSeconds != null && expireAtSeconds > 0 && now.getEpochSecond() >= expireAtSeconds) {
            return true;
        }
        return !maxAge.isZero() && now.toEpochMilli() - entry.exportedAt() >= maxAge.toMillis();
    }
}
