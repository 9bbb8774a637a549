package io.ferry.exporter.sink;

/** A sink failure whose retriability the sink already knows (for example a path escaping the root is fatal). */
public class SinkException extends RuntimeException {
    private final boolean retriable;

    public SinkException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public SinkException(String message, boolean retriable) {
        this(message, retriable, null);
    }

    public boolean retriable() {
        return retriable;
    }
}
