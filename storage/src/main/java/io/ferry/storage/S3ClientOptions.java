package io.ferry.storage;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * How an S3 client behaves beyond where it connects.
 *
 * @param attemptTimeout         timeout of one request attempt ({@code ferry.s3.request.timeout}); null leaves the
 *                               SDK's default (none)
 * @param callTimeout            timeout of a whole call including retries; null for none
 * @param checksumsWhenSupported the SDK's extra CRC checksums, which some S3-compatible stores reject
 * @param httpClient             the HTTP client to build the client with; null for the SDK's choice from the
 *                               class path (which fails when several are there)
 */
public record S3ClientOptions(Duration attemptTimeout, Duration callTimeout, boolean checksumsWhenSupported,
                              SdkHttpClient.Builder<?> httpClient) {
    public S3ClientOptions {
        requirePositive(attemptTimeout, "attemptTimeout");
        requirePositive(callTimeout, "callTimeout");
    }

    /** One attempt bounded by {@code attemptTimeout}, only the checksums S3 requires, the SDK's HTTP client. */
    public static S3ClientOptions withAttemptTimeout(Duration attemptTimeout) {
        return new S3ClientOptions(requireNonNull(attemptTimeout, "attemptTimeout"), null, false, null);
    }

    /** The SDK's defaults except the checksums (only the required ones). */
    public static S3ClientOptions sdkDefaults() {
        return new S3ClientOptions(null, null, false, null);
    }

    public S3ClientOptions withChecksumsWhenSupported(boolean enabled) {
        return new S3ClientOptions(attemptTimeout, callTimeout, enabled, httpClient);
    }

    public S3ClientOptions withHttpClient(SdkHttpClient.Builder<?> builder) {
        return new S3ClientOptions(attemptTimeout, callTimeout, checksumsWhenSupported, builder);
    }

    private static void requirePositive(Duration timeout, String name) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException(name + " must be positive: " + timeout);
        }
    }
}
