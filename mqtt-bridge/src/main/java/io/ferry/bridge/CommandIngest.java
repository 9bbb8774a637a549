package io.ferry.bridge;

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles each command the broker delivers: maps it, writes the result to Kafka, and only then acknowledges the
 * MQTT message. A failed write is retried with backoff and the message stays unacknowledged meanwhile, so the
 * broker's back-pressure sees it and nothing is acknowledged that Kafka does not hold.
 */
final class CommandIngest implements Consumer<Mqtt5Publish> {
    private static final Logger LOG = LoggerFactory.getLogger(CommandIngest.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final CommandMapper mapper;
    private final KafkaOut kafka;
    private final Clock clock;
    private final ScheduledExecutorService retries;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean stopping;
    private volatile boolean closed;

    CommandIngest(CommandMapper mapper, KafkaOut kafka, Clock clock, ScheduledExecutorService retries) {
        this.mapper = mapper;
        this.kafka = kafka;
        this.clock = clock;
        this.retries = retries;
    }

    @Override
    public void accept(Mqtt5Publish publish) {
        if (stopping) {
            // Left unacknowledged: the broker redelivers it to this session or another bridge.
            return;
        }
        handle(Incoming.from(publish), publish::acknowledge);
    }

    /** Maps one command and runs {@code acknowledge} once its result is in Kafka (at once for a drop). */
    void handle(Incoming incoming, Runnable acknowledge) {
        Outcome outcome = mapper.map(incoming, clock.millis());
        if (outcome instanceof Outcome.Drop drop) {
            LOG.error("Dropping command topic={}: {}", incoming.topic(), drop.why());
            acknowledge.run();
            return;
        }
        Supplier<CompletableFuture<Void>> write;
        if (outcome instanceof Outcome.Forward forward) {
            forwarded.incrementAndGet();
            write = () -> kafka.sendCommands(forward.records());
        } else {
            Outcome.Reject reject = (Outcome.Reject) outcome;
            rejected.incrementAndGet();
            LOG.info("Rejected command clientId={} topic={} reason={}", incoming.clientId(), incoming.topic(),
                    reject.response().response().reasonDescription());
            write = () -> kafka.sendResponse(reject.response());
        }
        pending.incrementAndGet();
        writeThenAck(write, acknowledge, incoming, 0);
    }

    long forwarded() {
        return forwarded.get();
    }

    long rejected() {
        return rejected.get();
    }

    /** Takes no new commands; those already taken still complete (Kafka write, then MQTT ack). */
    void stopTaking() {
        stopping = true;
    }

    /** Waits until every taken command is acknowledged, or the timeout passes; true when idle. */
    boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return pending.get() == 0;
    }

    /** Stops retrying: unacknowledged commands stay with the broker, which redelivers them to a bridge. */
    void close() {
        stopping = true;
        closed = true;
    }

    private void writeThenAck(Supplier<CompletableFuture<Void>> write, Runnable acknowledge, Incoming incoming,
                              int attempt) {
        write.get().whenComplete((ignored, error) -> {
            if (closed) {
                // After close the session is being abandoned: an ack now could race the disconnect. The broker
                // redelivers; a command already in Kafka then arrives twice, which is harmless.
                pending.decrementAndGet();
                return;
            }
            if (error == null) {
                acknowledge.run();
                pending.decrementAndGet();
                return;
            }
            Duration delay = backoff(attempt);
            LOG.warn("Kafka write failed clientId={} topic={} attempt={}; retrying in {}: {}", incoming.clientId(),
                    incoming.topic(), attempt + 1, delay, error.toString());
            retries.schedule(() -> writeThenAck(write, acknowledge, incoming, attempt + 1), delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        });
    }

    static Duration backoff(int attempt) {
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(attempt, 10));
        return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
    }
}
