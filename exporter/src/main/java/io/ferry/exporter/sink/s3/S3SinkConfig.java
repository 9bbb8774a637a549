package io.ferry.exporter.sink.s3;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.config.Settings;
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
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);

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

    /** Reads {@code ferry.exporter.s3.*}; bucket is required. Errors are collected in {@code settings}. */
    public static S3SinkConfig fromSettings(Settings settings) {
        String endpoint = settings.string("ferry.exporter.s3.endpoint", null);
        URI uri = null;
        if (endpoint != null) {
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                settings.addError("ferry.exporter.s3.endpoint: '" + endpoint + "' is not a URI");
            }
        }
        String bucket = settings.required("ferry.exporter.s3.bucket");
        String accessKey = settings.string("ferry.exporter.s3.access.key", null);
        String secretKey = settings.string("ferry.exporter.s3.secret.key", null);
        if ((accessKey == null) != (secretKey == null)) {
            settings.addError("ferry.exporter.s3.access.key and ferry.exporter.s3.secret.key must be set together");
            accessKey = null;
            secretKey = null;
        }
        long threshold = settings.longValue("ferry.exporter.s3.multipart.threshold", DEFAULT_MULTIPART_THRESHOLD,
                1, Integer.MAX_VALUE - 16);
        long minPart = settings.longValue("ferry.exporter.s3.part.size.min", DEFAULT_MIN_PART_SIZE,
                S3_MIN_PART_SIZE, PartSizing.MAX_PART_SIZE);
        int buffers = settings.integer("ferry.exporter.s3.part.buffers", DEFAULT_PART_BUFFERS, 1, 64);
        boolean whenSupported = settings.bool("ferry.exporter.s3.checksums.when.supported", false);
        Duration timeout = settings.duration("ferry.exporter.s3.request.timeout", DEFAULT_REQUEST_TIMEOUT);
        return new S3SinkConfig(uri, bucket == null ? "" : bucket,
                settings.string("ferry.exporter.s3.region", "us-east-1"),
                settings.string("ferry.exporter.s3.prefix", ""), accessKey, secretKey,
                settings.bool("ferry.exporter.s3.path.style", uri != null), threshold, minPart, buffers,
                whenSupported, timeout);
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
