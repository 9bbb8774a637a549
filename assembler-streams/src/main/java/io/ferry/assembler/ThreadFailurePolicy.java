package io.ferry.assembler;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What to do when a stream thread dies. A Kafka error (its root cause is a {@link KafkaException}, e.g. the
 * InvalidTxnStateException a commit can get while a broker is lost) is the cluster's trouble, not the record's: the
 * thread is replaced and, exactly-once, resumes from the last committed transaction. Before this, the loss of one of
 * three brokers could stop the assembler for good (KafkaBrokerLossIT). Anything else is a bug in Ferry's processing
 * code, and so is a Kafka error that keeps coming back ({@code maxReplacements} within {@code window}): the instance
 * shuts down instead of looping on it.
 */
final class ThreadFailurePolicy {
    static final int DEFAULT_MAX_REPLACEMENTS = 5;
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    private final int maxReplacements;
    private final Duration window;
    private final LongSupplier nowMillis;
    private final Deque<Long> replacements = new ArrayDeque<>();

    ThreadFailurePolicy(int maxReplacements, Duration window, LongSupplier nowMillis) {
        this.maxReplacements = maxReplacements;
        this.window = window;
        this.nowMillis = nowMillis;
    }

    static ThreadFailurePolicy standard() {
        return new ThreadFailurePolicy(DEFAULT_MAX_REPLACEMENTS, DEFAULT_WINDOW, System::currentTimeMillis);
    }

    synchronized StreamThreadExceptionResponse respond(Throwable failure) {
        if (!(rootCause(failure) instanceof KafkaException)) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        long now = nowMillis.getAsLong();
        while (!replacements.isEmpty() && now - replacements.peekFirst() > window.toMillis()) {
            replacements.removeFirst();
        }
        if (replacements.size() >= maxReplacements) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
