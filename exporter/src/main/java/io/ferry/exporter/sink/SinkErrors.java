package io.ferry.exporter.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one place that decides whether a failed export may succeed if retried (an outage: back off and try again,
 * keeping the manifest) or never will (answer {@code export_failed} now). Modelled on kafka-connect-storage-cloud's
 * {@code S3ErrorUtils}: network trouble, throttling and server errors are retriable; refusals, misconfiguration,
 * full or read-only disks and bugs are fatal.
 */
public final class SinkErrors {
    /** The outcome of {@link #classify(Throwable)}. */
    public enum Kind { RETRIABLE, FATAL }

    private static final Set<String> RETRIABLE_S3_CODES = Set.of("RequestTimeout", "SlowDown", "InternalError",
            "ServiceUnavailable", "Throttling", "ThrottlingException", "RequestTimeTooSkewed", "NoSuchUpload",
            "OperationAborted");
    /** errno texts of conditions that waiting does not cure. */
    private static final List<String> FATAL_IO_TEXTS = List.of("no space left", "quota exceeded",
            "read-only file system", "file name too long", "not a directory", "permission denied");

    private SinkErrors() {
    }

    public static Kind classify(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof SinkException sink) {
            return sink.retriable() ? Kind.RETRIABLE : Kind.FATAL;
        }
        if (cause instanceof AwsServiceException service) {
            return classifyService(service);
        }
        if (cause instanceof SdkClientException) {
            // Connection refused or reset, timeouts, unreadable responses: the endpoint is down or flaky.
            return Kind.RETRIABLE;
        }
        if (cause instanceof org.apache.kafka.common.errors.RetriableException) {
            return Kind.RETRIABLE;
        }
        if (cause instanceof ReadOnlyFileSystemException) {
            return Kind.FATAL;
        }
        if (cause instanceof IOException io) {
            return classifyIo(io);
        }
        return Kind.FATAL;
    }

    public static boolean isRetriable(Throwable error) {
        return classify(error) == Kind.RETRIABLE;
    }

    private static Kind classifyService(AwsServiceException service) {
        int status = service.statusCode();
        String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
        if (status >= 500 || status == 429 || status == 408 || (code != null && RETRIABLE_S3_CODES.contains(code))) {
            return Kind.RETRIABLE;
        }
        return Kind.FATAL;
    }

    private static Kind classifyIo(IOException io) {
        if (io instanceof AccessDeniedException || io instanceof FileAlreadyExistsException
                || io instanceof NotDirectoryException) {
            return Kind.FATAL;
        }
        String text = (io instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : String.valueOf(io.getMessage())).toLowerCase(Locale.ROOT);
        for (String fatal : FATAL_IO_TEXTS) {
            if (text.contains(fatal)) {
                return Kind.FATAL;
            }
        }
        return Kind.RETRIABLE;
    }

    /** Peels wrappers that only carry the real failure. */
    static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException
                || current instanceof UncheckedIOException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
