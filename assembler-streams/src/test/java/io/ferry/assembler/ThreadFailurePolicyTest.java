package io.ferry.assembler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadFailurePolicyTest {
    private final AtomicLong now = new AtomicLong();
    private final ThreadFailurePolicy policy = new ThreadFailurePolicy(2, Duration.ofMinutes(10), now::get);

    @Test
    void shouldReplaceTheThreadWhenACommitFailsOnAKafkaError() {
        StreamsException failure = new StreamsException("Error encountered trying to commit a transaction",
                new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));

        assertThat(policy.respond(failure)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldShutDownWhenProcessingCodeThrows() {
        StreamsException failure = new StreamsException("Exception caught in process",
                new IllegalStateException("bug"));

        assertThat(policy.respond(failure)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(policy.respond(new NullPointerException())).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void shouldShutDownWhenKafkaErrorsKeepComingBackWithinTheWindow() {
        StreamsException failure = new StreamsException(new TimeoutException("broker gone"));

        assertThat(policy.respond(failure)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        now.addAndGet(Duration.ofMinutes(1).toMillis());
        assertThat(policy.respond(failure)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        now.addAndGet(Duration.ofMinutes(1).toMillis());
        assertThat(policy.respond(failure)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void shouldReplaceAgainOnceEarlierReplacementsLeftTheWindow() {
        StreamsException failure = new StreamsException(new TimeoutException("broker gone"));
        policy.respond(failure);
        policy.respond(failure);

        now.addAndGet(Duration.ofMinutes(11).toMillis());

        assertThat(policy.respond(failure)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
}
