package io.ferry.exporter.sink.s3;

import io.ferry.config.Setting;
import io.ferry.config.SettingGroup;

/**
 * The S3 sink's own settings (the connection is the shared {@link io.ferry.config.S3Connection}, the
 * request timeout {@link io.ferry.storage.S3ClientSettings}).
 */
public final class S3SinkSettings {
    public static final Setting<String> S3_BUCKET = Setting.string("ferry.exporter.s3.bucket", null,
            "Bucket of the `s3` sink.").asRequired().defaultText("(required with the s3 sink)");
    public static final Setting<String> S3_PREFIX = Setting.string("ferry.exporter.s3.prefix", "",
            "Key prefix inside the bucket, e.g. `ferry/`.");
    public static final Setting<Long> S3_MULTIPART_THRESHOLD = Setting.longValue(
            "ferry.exporter.s3.multipart.threshold", S3SinkConfig.DEFAULT_MULTIPART_THRESHOLD, 1,
            Integer.MAX_VALUE - 16, "Files below this many bytes are sent with one PutObject, larger ones multipart.");
    public static final Setting<Long> S3_PART_SIZE_MIN = Setting.longValue("ferry.exporter.s3.part.size.min",
            S3SinkConfig.DEFAULT_MIN_PART_SIZE, S3SinkConfig.S3_MIN_PART_SIZE, PartSizing.MAX_PART_SIZE,
            "Smallest multipart part (larger files get larger parts, within S3's 10,000 parts).");
    public static final Setting<Integer> S3_PART_BUFFERS = Setting.integer("ferry.exporter.s3.part.buffers",
            S3SinkConfig.DEFAULT_PART_BUFFERS, 1, 64, "Parts held in memory per export.");
    public static final Setting<Boolean> S3_CHECKSUMS = Setting.bool("ferry.exporter.s3.checksums.when.supported",
            false, "The SDK's extra CRC checksums, which some S3-compatible stores reject.");
    public static final SettingGroup S3_GROUP = SettingGroup.of("Exporter S3 sink",
            "The `s3` sink; it connects with the \"S3 connection\" block.",
            S3_BUCKET, S3_PREFIX, S3_MULTIPART_THRESHOLD, S3_PART_SIZE_MIN, S3_PART_BUFFERS, S3_CHECKSUMS);

    private S3SinkSettings() {
    }
}
