package io.ferry.storage;

import io.ferry.config.S3Connection;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The one place an S3 client is built (exporter sink, API, benchmarks): endpoint, region, path style, credentials
 * from {@link S3Connection}, timeouts and checksums from {@link S3ClientOptions}.
 */
public final class S3ClientFactory {
    private S3ClientFactory() {
    }

    public static S3Client create(S3Connection connection, S3ClientOptions options) {
        AwsCredentialsProvider credentials = connection.accessKey() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(connection.accessKey(),
                        connection.secretKey()));
        // Only the checksums S3 requires unless asked: otherwise every GET carries x-amz-checksum-mode, which
        // S3-compatible stores such as S3Proxy refuse (501).
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(connection.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(connection.pathStyle())
                .requestChecksumCalculation(options.checksumsWhenSupported()
                        ? RequestChecksumCalculation.WHEN_SUPPORTED : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(options.checksumsWhenSupported()
                        ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(options.attemptTimeout())
                        .apiCallTimeout(options.callTimeout()));
        if (connection.endpoint() != null) {
            builder.endpointOverride(connection.endpoint());
        }
        if (options.httpClient() != null) {
            builder.httpClientBuilder(options.httpClient());
        }
        return builder.build();
    }
}
