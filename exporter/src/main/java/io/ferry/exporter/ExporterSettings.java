package io.ferry.exporter;

import io.ferry.config.Setting;
import io.ferry.config.SettingGroup;
import io.ferry.config.Validators.PositiveDuration;
import java.time.Duration;
import java.util.List;

/** Every setting of the exporter, defined once; its configs read them and docs/configuration.md lists them. */
public final class ExporterSettings {
    public static final Setting<String> SINKS_URIS = Setting.string(SinkSettings.SINKS, null,
            "Short form of the sinks: a comma list of `file:///dir` and `s3://bucket/prefix` (sets"
            + " `ferry.exporter.sinks`, `.local.root`, `.s3.bucket`, `.s3.prefix`); not together with"
            + " `ferry.exporter.sinks`.");
    public static final Setting<List<String>> SINKS = Setting.list("ferry.exporter.sinks", ExporterConfig.LOCAL,
            "Sinks every file goes to: `local`, `s3` or both.");
    public static final Setting<String> LOCAL_ROOT = Setting.string("ferry.exporter.local.root",
            ExporterConfig.DEFAULT_LOCAL_ROOT,
            "Directory of the `local` sink (`./ferry run`: `<ferry.data.dir>/files`).");
    public static final Setting<String> GROUP_ID = Setting.string("ferry.exporter.group.id",
            ExporterConfig.DEFAULT_GROUP_ID, "Kafka consumer group of the exporters.");
    public static final Setting<String> TRANSACTIONAL_ID = Setting.string("ferry.exporter.transactional.id", null,
            "Transactional id of this exporter's producer.").defaultText("`<group id>-<random>`");
    public static final Setting<Integer> CONCURRENCY = Setting.integer("ferry.exporter.concurrency",
            ExporterConfig.DEFAULT_CONCURRENCY, 1, 256, "Exports run at once (each may hold ~25 MiB of buffers).");
    public static final Setting<Duration> RETRY_INITIAL = Setting.duration("ferry.exporter.retry.initial",
            ExporterConfig.DEFAULT_RETRY_INITIAL, "First back-off of a failed export.")
            .validatedBy(PositiveDuration.POSITIVE);
    public static final Setting<Duration> RETRY_MAX = Setting.duration("ferry.exporter.retry.max",
            ExporterConfig.DEFAULT_RETRY_MAX, "Largest back-off; at least `ferry.exporter.retry.initial`.")
            .validatedBy(PositiveDuration.POSITIVE);
    public static final Setting<Duration> DEADLINE = Setting.duration("ferry.exporter.deadline",
            ExporterConfig.DEFAULT_DEADLINE, "After retrying this long an export is reported stalled (it keeps"
            + " retrying).").validatedBy(PositiveDuration.POSITIVE);
    public static final Setting<Integer> READER_FETCH_BYTES = Setting.integer("ferry.exporter.reader.fetch.bytes",
            ExporterConfig.DEFAULT_READER_FETCH_BYTES, 1024, 256 * 1024 * 1024,
            "Bulk fetch size of a segment reader (bounds its memory: about two fetches).");
    public static final Setting<Long> READER_SKIP_BYTES = Setting.longValue("ferry.exporter.reader.skip.bytes",
            0, 0, Long.MAX_VALUE, "How far ahead (estimated bytes) a needed record may lie before the reader seeks"
            + " instead of reading on.").defaultText("2 × fetch bytes");
    public static final Setting<Duration> READER_TIMEOUT = Setting.duration("ferry.exporter.reader.timeout",
            ExporterConfig.DEFAULT_READER_TIMEOUT, "How long a reader waits for a segment record.")
            .validatedBy(PositiveDuration.POSITIVE);
    public static final SettingGroup GROUP = SettingGroup.of("Exporter",
            "Where finished files go and how exports run. `FERRY_SINKS` and the `ferry.s3.*` block are the short"
            + " forms an operator usually sets.",
            SINKS_URIS, SINKS, LOCAL_ROOT, GROUP_ID, TRANSACTIONAL_ID, CONCURRENCY, RETRY_INITIAL, RETRY_MAX, DEADLINE,
            READER_FETCH_BYTES, READER_SKIP_BYTES, READER_TIMEOUT);

    public static final Setting<Boolean> RETENTION_EXPIRE_AT = Setting.bool("ferry.exporter.retention.expire.at",
            RetentionConfig.DEFAULT_EXPIRE_AT,
            "Delete a file once the `expire_at` its device gave at init has passed.");
    public static final Setting<Duration> RETENTION_MAX_AGE = Setting.duration("ferry.exporter.retention.max.age",
            RetentionConfig.DEFAULT_MAX_AGE, "Delete files exported longer ago than this; 0 keeps them forever.")
            .validatedBy(PositiveDuration.NOT_NEGATIVE);
    public static final Setting<Duration> RETENTION_INTERVAL = Setting.duration("ferry.exporter.retention.interval",
            RetentionConfig.DEFAULT_INTERVAL, "How often the retention sweep runs.")
            .validatedBy(PositiveDuration.POSITIVE);
    public static final Setting<Duration> RETENTION_STALE_UPLOADS = Setting.duration(
            "ferry.exporter.retention.stale.uploads", RetentionConfig.DEFAULT_STALE_UPLOADS,
            "S3 multipart uploads and local temporary files older than this are removed by the sweep.")
            .validatedBy(PositiveDuration.POSITIVE);
    public static final SettingGroup RETENTION_GROUP = SettingGroup.of("Exporter retention",
            "Which exported files are deleted, and when abandoned uploads are.",
            RETENTION_EXPIRE_AT, RETENTION_MAX_AGE, RETENTION_INTERVAL, RETENTION_STALE_UPLOADS);

    public static final Setting<Boolean> STREAM_ENABLED = Setting.bool("ferry.exporter.stream.enabled",
            StreamConfig.DEFAULT_ENABLED, "Stream the contiguous prefix of uploads into the sinks while they are"
            + " received, so that at fin only the tail, the checksum comparison and the commit remain.");
    public static final Setting<Long> STREAM_MIN_SIZE = Setting.longValue("ferry.exporter.stream.min.size",
            StreamConfig.DEFAULT_MIN_SIZE, 0, Long.MAX_VALUE, "Only uploads whose init declares at least this many"
            + " bytes are streamed; smaller ones, and those of unknown size, export after fin.");
    public static final Setting<Integer> STREAM_MAX_TRANSFERS = Setting.integer("ferry.exporter.stream.max.transfers",
            StreamConfig.DEFAULT_MAX_TRANSFERS, 1, 4096, "Streams one exporter keeps open at once (bounds their"
            + " memory and open files); more uploads export after fin.");
    public static final Setting<Duration> STREAM_IDLE_TIMEOUT = Setting.duration(
            "ferry.exporter.stream.idle.timeout", StreamConfig.DEFAULT_IDLE_TIMEOUT, "A stream that received"
            + " nothing this long is abandoned (temporary file deleted, multipart upload aborted).")
            .validatedBy(PositiveDuration.POSITIVE);
    public static final Setting<Long> STREAM_SYNC_BYTES = Setting.longValue("ferry.exporter.stream.sync.bytes",
            StreamConfig.DEFAULT_SYNC_BYTES, 1, Long.MAX_VALUE, "A streamed local temporary file is flushed to disk"
            + " every this many bytes, so the fsync at commit has only the tail left.");
    public static final Setting<Duration> STREAM_EVICT_AFTER = Setting.duration(
            "ferry.exporter.stream.evict.after", StreamConfig.DEFAULT_EVICT_AFTER, "When a new stream needs a slot or"
            + " buffers, streams that received nothing this long are evicted, longest idle first (their uploads"
            + " export from zero after fin).")
            .validatedBy(PositiveDuration.POSITIVE);
    public static final Setting<Long> STREAM_MAX_BUFFER_BYTES = Setting.longValue(
            "ferry.exporter.stream.max.buffer.bytes", StreamConfig.DEFAULT_MAX_BUFFER_BYTES, 0, Long.MAX_VALUE,
            "Sink part buffers (S3: part.buffers x part size per stream) all open streams may hold together;"
            + " an upload that would exceed it exports after fin.");
    public static final SettingGroup STREAM_GROUP = SettingGroup.of("Exporter: export while receiving",
            "Streamed export (docs/architecture.md \"Exporter\").",
            STREAM_ENABLED, STREAM_MIN_SIZE, STREAM_MAX_TRANSFERS, STREAM_IDLE_TIMEOUT, STREAM_SYNC_BYTES,
            STREAM_EVICT_AFTER, STREAM_MAX_BUFFER_BYTES);

    private ExporterSettings() {
    }
}
