package io.ferry.exporter.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.exporter.sink.SinkErrors.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class SinkErrorsTest {
    private static S3Exception s3(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).message(code).build();
    }

    @Test
    void shouldRetryWhenS3IsUnreachableOrOverloaded() {
        assertThat(SinkErrors.classify(SdkClientException.create("Unable to execute HTTP request",
                new ConnectException("Connection refused")))).isEqualTo(Kind.RETRIABLE);
        assertThat(SinkErrors.classify(s3(503, "SlowDown"))).isEqualTo(Kind.RETRIABLE);
        assertThat(SinkErrors.classify(s3(500, "InternalError"))).isEqualTo(Kind.RETRIABLE);
        assertThat(SinkErrors.classify(s3(429, "TooManyRequests"))).isEqualTo(Kind.RETRIABLE);
        assertThat(SinkErrors.classify(s3(400, "RequestTimeout"))).isEqualTo(Kind.RETRIABLE);
        assertThat(SinkErrors.classify(s3(404, "NoSuchUpload"))).isEqualTo(Kind.RETRIABLE);
    }

    @Test
    void shouldFailWhenS3RefusesTheRequest() {
        assertThat(SinkErrors.classify(s3(403, "AccessDenied"))).isEqualTo(Kind.FATAL);
        assertThat(SinkErrors.classify(s3(404, "NoSuchBucket"))).isEqualTo(Kind.FATAL);
        assertThat(SinkErrors.classify(s3(400, "EntityTooSmall"))).isEqualTo(Kind.FATAL);
    }

    @Test
    void shouldFailWhenDiskIsFullReadOnlyOrForbidden() {
        assertThat(SinkErrors.classify(new IOException("No space left on device"))).isEqualTo(Kind.FATAL);
        assertThat(SinkErrors.classify(new FileSystemException("/x", null, "Read-only file system")))
                .isEqualTo(Kind.FATAL);
        assertThat(SinkErrors.classify(new FileSystemException("/x", null, "File name too long")))
                .isEqualTo(Kind.FATAL);
        assertThat(SinkErrors.classify(new AccessDeniedException("/x"))).isEqualTo(Kind.FATAL);
        assertThat(SinkErrors.classify(new IOException("Disk quota exceeded"))).isEqualTo(Kind.FATAL);
    }

    @Test
    void shouldRetryOtherIoFailures() {
        assertThat(SinkErrors.classify(new IOException("Input/output error"))).isEqualTo(Kind.RETRIABLE);
        assertThat(SinkErrors.classify(new NoSuchFileException("/mnt/exports/.tmp%"))).isEqualTo(Kind.RETRIABLE);
    }

    @Test
    void shouldLookThroughWrappers() {
        Throwable wrapped = new CompletionException(new ExecutionException(
                new UncheckedIOException(new IOException("No space left on device"))));
        assertThat(SinkErrors.classify(wrapped)).isEqualTo(Kind.FATAL);
        assertThat(SinkErrors.classify(new CompletionException(s3(503, "SlowDown")))).isEqualTo(Kind.RETRIABLE);
    }

    @Test
    void shouldRetryKafkaTimeoutsButNotExpiredOffsets() {
        assertThat(SinkErrors.classify(new TimeoutException("fetch"))).isEqualTo(Kind.RETRIABLE);
        assertThat(SinkErrors.classify(new OffsetOutOfRangeException("gone"))).isEqualTo(Kind.FATAL);
    }

    @Test
    void shouldTrustExplicitClassificationAndTreatBugsAsFatal() {
        assertThat(SinkErrors.classify(new SinkException("outside root", false))).isEqualTo(Kind.FATAL);
        assertThat(SinkErrors.classify(new SinkException("busy", true))).isEqualTo(Kind.RETRIABLE);
        assertThat(SinkErrors.classify(new IllegalStateException("bug"))).isEqualTo(Kind.FATAL);
    }
}
