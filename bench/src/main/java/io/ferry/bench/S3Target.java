package io.ferry.bench;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** An S3-compatible server and bucket; {@code accessKey} null means the SDK's default credential chain. */
record S3Target(URI endpoint, String region, String bucket, String accessKey, String secretKey) {
    S3Target {
        requireNonNull(region, "region");
        requireNonNull(bucket, "bucket");
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("accessKey and secretKey go together");
        }
    }

    /** A plain SDK client with the SDK's defaults, as any application would build it (path style off AWS). */
    S3Client client() {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(accessKey == null ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                // the same choice as Ferry's sink: S3-compatible servers often reject the extra CRC checksums
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        return builder.build();
    }

    void ensureBucket() {
        try (S3Client s3 = client()) {
            try {
                s3.headBucket(r -> r.bucket(bucket));
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
                s3.createBucket(r -> r.bucket(bucket));
            }
        }
    }

    /** The settings that point Ferry's exporter at this target. */
    Map<String, String> exporterSettings(String prefix) {
        Map<String, String> settings = new HashMap<>();
        if (endpoint != null) {
            settings.put("ferry.s3.endpoint", endpoint.toString());
            settings.put("ferry.s3.path.style", "true");
        }
        settings.put("ferry.s3.region", region);
        settings.put("ferry.exporter.s3.bucket", bucket);
        settings.put("ferry.exporter.s3.prefix", prefix);
        if (accessKey != null) {
            settings.put("ferry.s3.access.key", accessKey);
            settings.put("ferry.s3.secret.key", secretKey);
        }
        return settings;
    }
}
