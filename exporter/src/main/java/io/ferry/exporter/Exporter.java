package io.ferry.exporter;

import static java.util.Objects.requireNonNull;

import io.ferry.exporter.sink.Sink;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exporter service: consumes ferry.ready, writes each file to every configured sink, and publishes the results
 * transactionally. {@link #start(ExporterConfig)} returns once the threads run; {@link #close()} stops them (exports
 * in progress are abandoned uncommitted and redone by whoever owns their partition next).
 */
public final class Exporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);
    private final ManifestLoop loop;
    private final Thread thread;
    private final List<Sink> sinks;
    private final BlockingQueue<CommandLogReader> readers;
    private final OutcomeWriter writer;
    private final ExporterStats stats;
    private final Retention retention;
    private final ExporterMetrics metrics;
    private final PrefixStreams streams;
    private final PrefixStreamer streamer;
    private final StreamMetrics streamMetrics;

    private Exporter(ExporterConfig config, Clock clock, List<Sink> sinks, MeterRegistry registry) {
        this.sinks = List.copyOf(sinks);
        this.stats = new ExporterStats();
        this.metrics = registry == null ? null : new ExporterMetrics(registry, stats);
        this.readers = new LinkedBlockingQueue<>();
        Map<String, Object> readerSettings = new HashMap<>(config.consumerSettings());
        readerSettings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        readerSettings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, config.readerFetchBytes());
        readerSettings.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, config.readerFetchBytes());
        for (int i = 0; i < config.concurrency(); i++) {
            readerSettings.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-reader-" + i);
            readers.add(new CommandLogReader(readerSettings, config.topics().commands(),
                    config.readerSkipBytes(), config.readerTimeout()));
        }
        Map<String, Object> producerSettings = new HashMap<>(config.producerSettings());
        producerSettings.put("bootstrap.servers", config.bootstrapServers());
        this.writer = new OutcomeWriter(OutcomeWriter.kafka(producerSettings, config.transactionalId()),
                config.topics(), clock);
        TransferClaims claims = new TransferClaims(clock);
        this.streams = config.stream().enabled() ? new PrefixStreams(sinks, config.stream(), clock)
                : PrefixStreams.disabled(sinks, clock);
        this.streamMetrics = registry == null ? null : new StreamMetrics(registry, streams);
        ExportJob job = new ExportJob(new FileExport(sinks, streams), readers, config.retryPolicy(), clock, stats, claims);
        AtomicInteger workerIds = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(config.concurrency(), runnable -> {
            Thread worker = new Thread(runnable, "ferry-exporter-worker-" + workerIds.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
        KafkaConsumer<byte[], byte[]> ready = readyConsumer(config);
        if (metrics != null) {
            metrics.bindConsumer(ready);
        }
        this.loop = new ManifestLoop(ready, writer, workers, job, config.topics().ready(), config.maxInFlight(),
                stats, claims);
        Map<String, Object> catalogSettings = new HashMap<>(config.consumerSettings());
        catalogSettings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        this.retention = new Retention(config.retention(), catalogSettings, producerSettings, config.topics().files(),
                sinks, loop::ownedPartitions, claims, clock);
        this.streamer = config.stream().enabled() ? streamer(config, loop, streams) : null;
        this.thread = new Thread(loop, "ferry-exporter");
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("exporter stopped by an unexpected error", e));
    }

    private static KafkaConsumer<byte[], byte[]> readyConsumer(ExporterConfig config) {
        Map<String, Object> settings = new HashMap<>(config.consumerSettings());
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxInFlight());
        return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static PrefixStreamer streamer(ExporterConfig config, ManifestLoop loop, PrefixStreams streams) {
        Map<String, Object> settings = new HashMap<>(config.consumerSettings());
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-streamer");
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, config.readerFetchBytes());
        settings.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, config.readerFetchBytes());
        return new PrefixStreamer(settings, config.topics().commands(), loop::ownedPartitions, streams);
    }

    public static Exporter start(ExporterConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static Exporter start(ExporterConfig config, Clock clock) {
        return start(config, clock, Sinks.create(config, clock));
    }

    /** Starts with the exporter's meters ({@link ExporterMetrics}) in {@code registry}. */
    public static Exporter start(ExporterConfig config, MeterRegistry registry) {
        return start(config, Clock.systemUTC(), Sinks.create(config, Clock.systemUTC()), registry);
    }

    /** Starts with sinks built by the caller (tests, replay); the exporter closes them. */
    public static Exporter start(ExporterConfig config, Clock clock, List<Sink> sinks) {
        return start(config, clock, sinks, null);
    }

    /** As {@link #start(ExporterConfig, Clock, List)}, with meters in {@code registry} unless it is null. */
    public static Exporter start(ExporterConfig config, Clock clock, List<Sink> sinks, MeterRegistry registry) {
        requireNonNull(config, "config");
        requireNonNull(clock, "clock");
        LOG.info("starting exporter: {}", config);
        Exporter exporter = new Exporter(config, clock, sinks, registry);
        exporter.thread.start();
        if (exporter.streamer != null) {
            exporter.streamer.start();
        }
        exporter.retention.start();
        return exporter;
    }

    public ExporterStats stats() {
        return stats;
    }

    /** Retention sweeps completed so far (each read the catalog to its end). */
    public long retentionSweeps() {
        return retention.sweeps();
    }

    /** Files retention deleted from their sinks and the catalog. */
    public long retentionDeleted() {
        return retention.deleted();
    }

    /** Stale multipart uploads and temporary files retention removed. */
    public long retentionStaleRemoved() {
        return retention.staleRemoved();
    }

    /** The ferry.commands partitions being read for streaming, each positioned (empty when streaming is off). */
    public Set<Integer> streamingPartitions() {
        return streamer == null ? Set.of() : streamer.readingPartitions();
    }

    /** Uploads whose streamed prefix an export took over, and the file bytes it did not have to read back. */
    public long streamsHandedOver() {
        return streams.handedOver();
    }

    public long streamedBytesHandedOver() {
        return streams.handedOverBytes();
    }

    /** Streams discarded: the manifest did not match, an abort, inactivity, a sink failure, a lost partition. */
    public long streamsDiscarded() {
        return streams.discarded();
    }

    PrefixStreams streams() {
        return streams;
    }

    /** Streams open now. */
    public int streamsOpen() {
        return streams.open();
    }

    public List<Sink> sinks() {
        return sinks;
    }

    /** Whether the consumer thread is still running (false after close or a fatal Kafka error). */
    public boolean isRunning() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        retention.close();
        loop.stop();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (streamer != null) {
            streamer.close();
        }
        streams.close();
        writer.close();
        readers.forEach(CommandLogReader::close);
        sinks.forEach(Sink::close);
        if (metrics != null) {
            metrics.close();
        }
        if (streamMetrics != null) {
            streamMetrics.close();
        }
        LOG.info("exporter stopped: {}", stats);
    }
}
