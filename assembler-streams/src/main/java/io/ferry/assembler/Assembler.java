package io.ferry.assembler;

import io.ferry.records.TopicAdmin;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running assembler: one KafkaStreams instance of {@link AssemblerTopology}. */
public final class Assembler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Assembler.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private final KafkaStreams streams;
    private final AssemblerMetrics metrics;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Assembler(AssemblerConfig config, MeterRegistry registry) {
        metrics = registry == null ? AssemblerMetrics.none() : new AssemblerMetrics(registry);
        streams = new KafkaStreams(AssemblerTopology.build(config.topics(), config.options(), metrics),
                config.streamsProperties());
        metrics.bind(streams);
        streams.setStateListener((newState, oldState) -> {
            LOG.info("assembler state {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
            if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        ThreadFailurePolicy policy = ThreadFailurePolicy.standard();
        streams.setUncaughtExceptionHandler(exception -> {
            StreamThreadExceptionResponse response = policy.respond(exception);
            if (response == StreamThreadExceptionResponse.REPLACE_THREAD) {
                LOG.warn("assembler stream thread failed on a Kafka error; replacing it", exception);
            } else {
                // A record whose processing throws is skipped by SkipFailedRecordHandler and never gets here; what
                // does is a bug outside record processing, so stop instead of looping on it.
                LOG.error("assembler stream thread failed; shutting down", exception);
            }
            return response;
        });
    }

    /**
     * Creates missing topics if configured, checks ferry.commands retention against the segment max age
     * ({@link RetentionCheck}), then starts processing; returns at once (see {@link #awaitRunning}).
     */
    public static Assembler start(AssemblerConfig config) {
        return start(config, null);
    }

    /** As {@link #start(AssemblerConfig)}, with the assembler meters in {@code registry}. */
    public static Assembler start(AssemblerConfig config, MeterRegistry registry) {
        LOG.info("starting assembler {}", config);
        Map<String, Object> adminConfig = new HashMap<>(config.streams());
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        try (Admin admin = Admin.create(adminConfig)) {
            if (config.createTopics()) {
                TopicAdmin.ensureTopics(admin, config.topics(), config.partitions(), config.replication());
            }
            RetentionCheck.verify(admin, config.topics().commands(), config.options().limits().maxSegmentAge());
        }
        Assembler assembler = new Assembler(config, registry);
        assembler.streams.start();
        return assembler;
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Waits until the instance first reaches RUNNING; false on timeout or if it stopped first. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (running.await(100, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (stopped.getCount() == 0) {
                return false;
            }
        }
        return running.getCount() == 0;
    }

    /** Blocks until the instance stopped (closed, or failed). */
    public void awaitTermination() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        streams.close(CLOSE_TIMEOUT);
        metrics.close();
        stopped.countDown();
    }
}
