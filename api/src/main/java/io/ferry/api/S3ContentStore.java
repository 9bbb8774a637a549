package io.ferry.api;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.net.URI;
import java.util.OptionalLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Objects of the S3 sink, addressed by {@code s3://bucket/key} (the key is the URI's decoded path). Range reads go to
 * S3 as ranged GETs, so nothing is buffered beyond the SDK's stream.
 */
final class S3ContentStore implements ContentStore {
    private final S3Client s3;

    S3ContentStore(S3Client s3) {
        this.s3 = requireNonNull(s3, "s3");
    }

    static S3ContentStore create(ApiConfig.S3Settings settings) {
        // As the exporter's S3 sink does by default: only the checksums S3 requires. Otherwise every GET carries
        // x-amz-checksum-mode, which S3-compatible stores such as S3Proxy refuse (501), and downloads fail.
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        builder.credentialsProvider(settings.accessKey() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(),
                        settings.secretKey())));
        return new S3ContentStore(builder.build());
    }

    @Override
    public boolean handles(URI location) {
        return "s3".equalsIgnoreCase(location.getScheme());
    }

    @Override
    public OptionalLong size(URI location) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket(location)).key(key(location)));
            return OptionalLong.of(head.contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    @Override
    public InputStream open(URI location, long offset, long length) {
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        GetObjectRequest request = GetObjectRequest.builder().bucket(bucket(location)).key(key(location))
                .range("bytes=" + offset + "-" + (offset + length - 1)).build();
        return s3.getObject(request);
    }

    @Override
    public void delete(URI location) {
        String bucket = bucket(location);
        String key = key(location);
        s3.deleteObject(b -> b.bucket(bucket).key(key));
        s3.deleteObject(b -> b.bucket(bucket).key(key + LocalContentStore.MANIFEST_SUFFIX));
    }

    private static String bucket(URI location) {
        String bucket = location.getAuthority();
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("s3 location without bucket: " + location);
        }
        return bucket;
    }

    private static String key(URI location) {
        String path = location.getPath();
        if (path == null || path.length() < 2) {
            throw new IllegalArgumentException("s3 location without key: " + location);
        }
        return path.substring(1);
    }

    @Override
    public void close() {
        try {
            s3.close();
        } catch (SdkException e) {
            // closing is best effort
        }
    }
}
