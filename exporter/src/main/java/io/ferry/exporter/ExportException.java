package io.ferry.exporter;

/** An export failure whose retriability is known where it is thrown: missing or corrupt segments, read timeouts. */
final class ExportException extends RuntimeException {
    private final boolean retriable;

    ExportException(String message, boolean retriable) {
        super(message);
        this.retriable = retriable;
    }

    ExportException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    boolean retriable() {
        return retriable;
    }
}
