package io.ferry.assembler;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.FileMeta;
import io.ferry.config.Settings;
import java.time.Duration;

/**
 * Protocol behaviour of the assembler, independent of Kafka connection settings.
 *
 * @param finGrace          how long a fin with incomplete coverage waits for segments (or the init) that took
 *                          another broker node (docs/architecture.md "Assembler"); 0 answers {@code incomplete} at once
 * @param minSegmentsTtl    lower clamp of an init's {@code segments_ttl} (EMQX {@code minimum_segments_ttl}, 5m)
 * @param maxSegmentsTtl    upper clamp, and the TTL when the init has none or is absent (EMQX 24h)
 * @param exportedRetention how long an exported transfer is remembered, so a late fin still answers success and a
 *                          different re-init still answers {@code filemeta_conflict}; also bounds an export that
 *                          never reports back
 * @param snapshotInterval  at most one progress snapshot per transfer per interval (state changes go at once)
 * @param punctuateInterval how often the wall-clock punctuator answers expired fins, publishes due snapshots and
 *                          expires transfers
 * @param timerBatch        most timers handled per punctuation, so one punctuation's cost stays bounded
 * @param exportEvents      also publish COMPLETED/FAILED events on an export outcome; off by default because the
 *                          exporter already publishes them in its transaction (with the outcome)
 * @param limits            hard per-transfer limits that bound every record the assembler writes
 */
public record AssemblerOptions(Duration finGrace, Duration minSegmentsTtl, Duration maxSegmentsTtl,
                               Duration exportedRetention, Duration snapshotInterval, Duration punctuateInterval,
                               int timerBatch, Quotas quotas, boolean exportEvents,
                               TransferLimits limits) {
    public static final Duration DEFAULT_FIN_GRACE = Duration.ofSeconds(3);
    public static final Duration DEFAULT_MIN_SEGMENTS_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_SEGMENTS_TTL = Duration.ofHours(24);
    public static final Duration DEFAULT_EXPORTED_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_SNAPSHOT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_PUNCTUATE_INTERVAL = Duration.ofMillis(500);
    public static final int DEFAULT_TIMER_BATCH = 1_000;

    public AssemblerOptions {
        requireNonNull(finGrace, "finGrace");
        requireNonNull(minSegmentsTtl, "minSegmentsTtl");
        requireNonNull(maxSegmentsTtl, "maxSegmentsTtl");
        requireNonNull(exportedRetention, "exportedRetention");
        requireNonNull(snapshotInterval, "snapshotInterval");
        requireNonNull(punctuateInterval, "punctuateInterval");
        requireNonNull(quotas, "quotas");
        requireNonNull(limits, "limits");
        if (finGrace.isNegative() || snapshotInterval.isNegative()) {
            throw new IllegalArgumentException("finGrace and snapshotInterval must be >= 0");
        }
        if (minSegmentsTtl.isNegative() || maxSegmentsTtl.compareTo(minSegmentsTtl) < 0) {
            throw new IllegalArgumentException(
                    "need 0 <= minSegmentsTtl <= maxSegmentsTtl: " + minSegmentsTtl + ", " + maxSegmentsTtl);
        }
        if (exportedRetention.isNegative() || punctuateInterval.isNegative() || punctuateInterval.isZero()) {
            throw new IllegalArgumentException("exportedRetention must be >= 0 and punctuateInterval > 0");
        }
        if (timerBatch < 1) {
            throw new IllegalArgumentException("timerBatch must be >= 1: " + timerBatch);
        }
    }

    public static AssemblerOptions defaults() {
        return new AssemblerOptions(DEFAULT_FIN_GRACE, DEFAULT_MIN_SEGMENTS_TTL, DEFAULT_MAX_SEGMENTS_TTL,
                DEFAULT_EXPORTED_RETENTION, DEFAULT_SNAPSHOT_INTERVAL, DEFAULT_PUNCTUATE_INTERVAL,
                DEFAULT_TIMER_BATCH, Quotas.defaults(), false, TransferLimits.defaults());
    }

    /** Keys under {@code ferry.assembler.}: see {@link AssemblerConfig}. Errors are collected in {@code settings}. */
    public static AssemblerOptions fromSettings(Settings settings) {
        Duration min = settings.get(AssemblerSettings.SEGMENTS_TTL_MIN);
        Duration max = settings.get(AssemblerSettings.SEGMENTS_TTL_MAX);
        if (max.compareTo(min) < 0) {
            settings.addError("ferry.assembler.segments.ttl.max: " + max
                    + " is below ferry.assembler.segments.ttl.min");
            max = min;
        }
        Duration punctuate = settings.get(AssemblerSettings.PUNCTUATE_INTERVAL);
        return new AssemblerOptions(
                settings.get(AssemblerSettings.FIN_GRACE),
                min,
                max,
                settings.get(AssemblerSettings.EXPORTED_RETENTION),
                settings.get(AssemblerSettings.SNAPSHOT_INTERVAL),
                punctuate,
                settings.get(AssemblerSettings.TIMER_BATCH),
                Quotas.fromSettings(settings),
                settings.get(AssemblerSettings.EXPORT_EVENTS),
                TransferLimits.fromSettings(settings));
    }

    public AssemblerOptions withFinGrace(Duration grace) {
        return new AssemblerOptions(grace, minSegmentsTtl, maxSegmentsTtl, exportedRetention, snapshotInterval,
                punctuateInterval, timerBatch, quotas, exportEvents, limits);
    }

    public AssemblerOptions withQuotas(Quotas limits) {
        return new AssemblerOptions(finGrace, minSegmentsTtl, maxSegmentsTtl, exportedRetention, snapshotInterval,
                punctuateInterval, timerBatch, limits, exportEvents, this.limits);
    }

    public AssemblerOptions withExportEvents(boolean publish) {
        return new AssemblerOptions(finGrace, minSegmentsTtl, maxSegmentsTtl, exportedRetention, snapshotInterval,
                punctuateInterval, timerBatch, quotas, publish, limits);
    }

    public AssemblerOptions withLimits(TransferLimits transferLimits) {
        return new AssemblerOptions(finGrace, minSegmentsTtl, maxSegmentsTtl, exportedRetention, snapshotInterval,
                punctuateInterval, timerBatch, quotas, exportEvents, transferLimits);
    }

    /**
     * clamp(segments_ttl, min, max); the maximum when the init is absent or has no segments_ttl (EMQX's
     * {@code emqx_ft_storage_fs_gc.erl}).
     */
    Duration segmentsTtl(FileMeta meta) {
        if (meta == null || meta.segmentsTtl() == null) {
            return maxSegmentsTtl;
        }
        Duration ttl = meta.segmentsTtl() > maxSegmentsTtl.toSeconds()
                ? maxSegmentsTtl : Duration.ofSeconds(meta.segmentsTtl());
        if (ttl.compareTo(minSegmentsTtl) < 0) {
            return minSegmentsTtl;
        }
        return ttl.compareTo(maxSegmentsTtl) > 0 ? maxSegmentsTtl : ttl;
    }
}
