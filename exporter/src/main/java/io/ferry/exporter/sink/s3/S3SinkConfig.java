package io.ferry.exporter.sink.s3;

import static java.util.Objects.requireNonNull;

import io.ferry.config.S3Connection;
import io.ferry.config.Settings;
import io.ferry.storage.S3ClientOptions;
import io.ferry.storage.S3ClientSettings;
import java.net.URI;
import java.time.Duration;

/**
 * Where and how the S3 sink writes. {@code endpoint} null means AWS itself; {@code accessKey} null means the SDK's
 * default credential chain. Files below {@code multipartThreshold} bytes are buffered and sent with one PutObject;
 * larger ones go multipart with parts of {@link PartSizing#partSize(long, long)} and at most {@code partBuffers}
 * parts in memory per export. {@code checksumsWhenSupported} turns on the SDK's extra CRC checksums, which some
 * S3-compatible stores reject.
 */
public record S3SinkConfig(URI endpoint, String bucket, String region, String prefix, String accessKey,
                           String secretKey, boolean pathStyle, long multipartThreshold, long minPartSize,
                           int partBuffers, boolean checksumsWhenSupported, Duration requestTimeout) {
    public static final long MIB = 1024 * 1024;
    public static final long DEFAULT_MULTIPART_THRESHOLD = 16 * MIB;
    public static final long DEFAULT_MIN_PART_SIZE = 8 * MIB;
    /** S3's own lower bound for every part but the last. */
    public static final long S3_MIN_PART_SIZE = 5 * MIB;
    public static final int DEFAULT_PART_BUFFERS = 2;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = S3ClientSettings.DEFAULT_REQUEST_TIMEOUT;

    public S3SinkConfig {
        requireNonNull(bucket, "bucket");
        requireNonNull(region, "region");
        requireNonNull(prefix, "prefix");
        requireNonNull(requestTimeout, "requestTimeout");
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("accessKey and secretKey must be given together");
        }
        if (multipartThreshold < 1 || multipartThreshold > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("multipartThreshold out of range: " + multipartThreshold);
        }
        if (minPartSize < S3_MIN_PART_SIZE || minPartSize > PartSizing.MAX_PART_SIZE) {
            throw new IllegalArgumentException("minPartSize out of range: " + minPartSize);
        }
        if (partBuffers < 1) {
            throw new IllegalArgumentException("partBuffers must be >= 1: " + partBuffers);
        }
    }

    /** Where the client connects. */
    public S3Connection connection() {
        return new S3Connection(endpoint, region, accessKey, secretKey, pathStyle);
    }

    /** How the client behaves: one attempt bounded by {@code requestTimeout}, checksums as configured. */
    public S3ClientOptions clientOptions() {
        return S3ClientOptions.withAttemptTimeout(requestTimeout).withChecksumsWhenSupported(checksumsWhenSupported);
    }

    /**
     * Reads the shared {@code ferry.s3.*} connection and request timeout, and {@code ferry.exporter.s3.*}; bucket
     * is required.
     */
    public static S3SinkConfig fromSettings(Settings settings) {
        S3Connection connection = S3Connection.fromSettings(settings);
        String bucket = settings.get(S3SinkSettings.S3_BUCKET);
        return new S3SinkConfig(connection.endpoint(), bucket == null ? "" : bucket, connection.region(),
                settings.get(S3SinkSettings.S3_PREFIX), connection.accessKey(), connection.secretKey(),
                connection.pathStyle(), settings.get(S3SinkSettings.S3_MULTIPART_THRESHOLD),
                settings.get(S3SinkSettings.S3_PART_SIZE_MIN), settings.get(S3SinkSettings.S3_PART_BUFFERS),
                settings.get(S3SinkSettings.S3_CHECKSUMS), settings.get(S3ClientSettings.REQUEST_TIMEOUT));
    }

    @Override
    public String toString() {
        return "S3SinkConfig[endpoint=" + (endpoint == null ? "aws" : endpoint) + ", bucket=" + bucket
                + ", region=" + region + ", prefix=" + prefix + ", accessKey="
                + (accessKey == null ? "default chain" : "******") + ", secretKey="
                + (secretKey == null ? "default chain" : "******") + ", pathStyle=" + pathStyle
                + ", multipartThreshold=" + multipartThreshold + ", minPartSize=" + minPartSize
                + ", partBuffers=" + partBuffers + ", checksumsWhenSupported=" + checksumsWhenSupported
                + ", requestTimeout=" + requestTimeout + "]";
    }
}
