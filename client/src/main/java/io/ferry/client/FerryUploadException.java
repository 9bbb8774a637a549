package io.ferry.client;

/**
 * An upload, status or abort that failed. When the server said why, {@link #reasonCode()} and
 * {@link #reasonDescription()} carry its answer (docs/protocol.md §3); a local failure (closed, I/O, timeout) has
 * reason code -1.
 */
public class FerryUploadException extends RuntimeException {
    public static final int LOCAL = -1;
    private final String fileId;
    private final int reasonCode;
    private final String reasonDescription;

    public FerryUploadException(String fileId, int reasonCode, String reasonDescription, String message) {
        this(fileId, reasonCode, reasonDescription, message, null);
    }

    public FerryUploadException(String fileId, int reasonCode, String reasonDescription, String message,
                                Throwable cause) {
        super(message, cause);
        this.fileId = fileId;
        this.reasonCode = reasonCode;
        this.reasonDescription = reasonDescription;
    }

    public static FerryUploadException local(String fileId, String description, String message, Throwable cause) {
        return new FerryUploadException(fileId, LOCAL, description, message, cause);
    }

    public String fileId() {
        return fileId;
    }

    /** The response's reason_code, or {@link #LOCAL}. */
    public int reasonCode() {
        return reasonCode;
    }

    /** The response's reason_description, or a local word such as {@code closed}, {@code io_error}, {@code timeout}. */
    public String reasonDescription() {
        return reasonDescription;
    }
}
