package io.ferry.assembler;

import io.ferry.config.Setting;
import io.ferry.config.SettingGroup;
import io.ferry.config.Validators.PositiveDuration;
import java.time.Duration;
import java.util.Map;

/** Every setting of the assembler, defined once; its configs read them and docs/configuration.md lists them. */
public final class AssemblerSettings {
    public static final Setting<String> APPLICATION_ID = Setting.string("ferry.assembler.application.id",
            AssemblerConfig.DEFAULT_APPLICATION_ID, "Kafka Streams application id (consumer group and state topics).");
    public static final Setting<String> STATE_DIR = Setting.string("ferry.assembler.state.dir",
            AssemblerConfig.DEFAULT_STATE_DIR.toString(), "RocksDB state directory (`./ferry run`:"
            + " `<ferry.data.dir>/assembler`).");
    public static final Setting<Duration> FIN_GRACE = Setting.duration("ferry.assembler.fin.grace",
            AssemblerOptions.DEFAULT_FIN_GRACE, "How long a fin with incomplete coverage waits for segments that"
            + " took another broker node; 0 answers `incomplete` at once.").validatedBy(PositiveDuration.NOT_NEGATIVE);
    public static final Setting<Duration> SEGMENTS_TTL_MIN = Setting.duration("ferry.assembler.segments.ttl.min",
            AssemblerOptions.DEFAULT_MIN_SEGMENTS_TTL, "Lower clamp of an init's `segments_ttl` (EMQX"
            + " `minimum_segments_ttl`).").validatedBy(PositiveDuration.NOT_NEGATIVE);
    public static final Setting<Duration> SEGMENTS_TTL_MAX = Setting.duration("ferry.assembler.segments.ttl.max",
            AssemblerOptions.DEFAULT_MAX_SEGMENTS_TTL, "Upper clamp, and the TTL when the init has none; at least"
            + " `ferry.assembler.segments.ttl.min`.").validatedBy(PositiveDuration.NOT_NEGATIVE);
    public static final Setting<Duration> EXPORTED_RETENTION = Setting.duration("ferry.assembler.exported.retention",
            AssemblerOptions.DEFAULT_EXPORTED_RETENTION, "How long an exported transfer is remembered, so a late"
            + " fin still answers success.").validatedBy(PositiveDuration.NOT_NEGATIVE);
    public static final Setting<Duration> SNAPSHOT_INTERVAL = Setting.duration("ferry.assembler.snapshot.interval",
            AssemblerOptions.DEFAULT_SNAPSHOT_INTERVAL, "At most one progress snapshot per transfer per interval.")
            .validatedBy(PositiveDuration.NOT_NEGATIVE);
    public static final Setting<Duration> PUNCTUATE_INTERVAL = Setting.duration(
            "ferry.assembler.punctuate.interval", AssemblerOptions.DEFAULT_PUNCTUATE_INTERVAL,
            "How often expired fins are answered, due snapshots published and transfers expired.")
            .validatedBy(PositiveDuration.POSITIVE);
    public static final Setting<Integer> TIMER_BATCH = Setting.integer("ferry.assembler.timer.batch",
            AssemblerOptions.DEFAULT_TIMER_BATCH, 1, Integer.MAX_VALUE, "Most timers handled per punctuation.");
    public static final Setting<Boolean> EXPORT_EVENTS = Setting.bool("ferry.assembler.export.events", false,
            "Also publish COMPLETED/FAILED events on an export outcome (the exporter already does).");
    public static final Setting<Map<String, String>> STREAMS = Setting.prefix(AssemblerConfig.STREAMS_PREFIX,
            "Passed to Kafka Streams as is (e.g. `num.stream.threads`, `num.standby.replicas`); wins over Ferry's"
            + " own, among them `session.timeout.ms` 10000.");
    public static final SettingGroup GROUP = SettingGroup.of("Assembler",
            "The Kafka Streams application that decides when a file is complete.",
            APPLICATION_ID, STATE_DIR, FIN_GRACE, SEGMENTS_TTL_MIN, SEGMENTS_TTL_MAX, EXPORTED_RETENTION,
            SNAPSHOT_INTERVAL, PUNCTUATE_INTERVAL, TIMER_BATCH, EXPORT_EVENTS, STREAMS);

    public static final Setting<Integer> QUOTA_TRANSFERS = Setting.integer("ferry.assembler.quota.transfers",
            Quotas.DEFAULT_MAX_TRANSFERS, 1, Integer.MAX_VALUE, "Unfinished transfers one client may have;"
            + " more are answered `quota_exceeded`.");
    public static final Setting<Long> QUOTA_FILE_SIZE = Setting.longValue("ferry.assembler.quota.file.size",
            Quotas.DEFAULT_MAX_FILE_SIZE, 0, Long.MAX_VALUE, "Largest file a client may upload (init and fin sizes,"
            + " segment ends).");
    public static final Setting<Long> QUOTA_BYTES_IN_FLIGHT = Setting.longValue(
            "ferry.assembler.quota.bytes.in.flight", Quotas.DEFAULT_MAX_BYTES_IN_FLIGHT, 0, Long.MAX_VALUE,
            "Indexed segment bytes of one client's transfers not yet exported.");
    public static final Setting<Integer> MAX_WAITERS = Setting.integer("ferry.assembler.transfer.max.waiters",
            TransferLimits.DEFAULT_MAX_WAITERS, 1, 10_000, "Fins (and aborts during an export) one transfer holds"
            + " waiting for an answer; more get `quota_exceeded`.");
    public static final Setting<Integer> MAX_REPLY_BYTES = Setting.integer("ferry.assembler.transfer.max.reply.bytes",
            TransferLimits.DEFAULT_MAX_REPLY_BYTES, 1, Integer.MAX_VALUE, "Total reply data of those waiters.");
    public static final Setting<Integer> MAX_RANGES = Setting.integer("ferry.assembler.transfer.max.ranges",
            TransferLimits.DEFAULT_MAX_RANGES, 1, 100_000, "Disjoint received ranges of one transfer; beyond,"
            + " `transfer_limit_exceeded`.");
    public static final Setting<Integer> MAX_SEGMENTS = Setting.integer("ferry.assembler.transfer.max.segments",
            TransferLimits.DEFAULT_MAX_SEGMENTS, 1, Integer.MAX_VALUE, "Indexed segments of one transfer; beyond,"
            + " `transfer_limit_exceeded`. With `.max.reply.bytes` bounded so a manifest stays <= 16 MiB.");
    public static final Setting<Duration> SEGMENTS_MAX_AGE = Setting.duration("ferry.assembler.segments.max.age",
            TransferLimits.DEFAULT_MAX_SEGMENT_AGE, "Indexed segments older than this are forgotten and reported"
            + " missing; keep it below `ferry.commands` retention.").validatedBy(PositiveDuration.POSITIVE);
    public static final Setting<Integer> QUOTA_FILES_PER_WINDOW = Setting.integer(
            "ferry.assembler.quota.files.per.window", Quotas.DEFAULT_MAX_FILES_PER_WINDOW, 1, Integer.MAX_VALUE,
            "Files one client may complete per window, over all partitions (zero-byte files included); a fin beyond"
            + " is answered `quota_exceeded`.");
    public static final Setting<Duration> QUOTA_FILES_WINDOW = Setting.duration("ferry.assembler.quota.files.window",
            Quotas.DEFAULT_FILES_WINDOW, "Length of that fixed window.").validatedBy(PositiveDuration.POSITIVE);
    public static final SettingGroup LIMITS_GROUP = SettingGroup.of("Assembler quotas and limits",
            "Per-client quotas and per-transfer limits that bound every record the assembler writes"
            + " (docs/operations.md \"Sizing\").",
            QUOTA_TRANSFERS, QUOTA_FILE_SIZE, QUOTA_BYTES_IN_FLIGHT, QUOTA_FILES_PER_WINDOW, QUOTA_FILES_WINDOW,
            MAX_WAITERS, MAX_REPLY_BYTES, MAX_RANGES, MAX_SEGMENTS, SEGMENTS_MAX_AGE);

    private AssemblerSettings() {
    }
}
