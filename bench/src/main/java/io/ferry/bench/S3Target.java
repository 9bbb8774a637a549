package io.ferry.bench;

import static java.util.Objects.requireNonNull;

import io.ferry.config.S3Connection;
import io.ferry.storage.S3ClientFactory;
import io.ferry.storage.S3ClientOptions;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
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

    /**
     * A client with the SDK's defaults, as any application would build it (path style off AWS), from Ferry's one
     * factory: only the checksums S3 requires, which S3-compatible servers accept.
     */
    S3Client client() {
        return S3ClientFactory.create(new S3Connection(endpoint, region, accessKey, secretKey, endpoint != null),
                S3ClientOptions.sdkDefaults());
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
