package io.ferry.exporter;

import static java.util.Objects.requireNonNull;

import io.ferry.exporter.sink.s3.S3SinkConfig;
import io.ferry.records.Topics;
import io.ferry.config.KafkaSettings;
import io.ferry.config.Settings;
import io.ferry.config.TopicSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Typed configuration of the exporter (keys {@code ferry.exporter.*}, plus the shared {@code ferry.kafka.*} and
 * {@code ferry.topics.prefix}). {@code sinks} lists the sinks every file goes to, each by its type name
 * ({@code local}, {@code s3}); {@code localRoot} is used by {@code local}, {@code s3} by {@code s3} (null if unused).
 * {@code concurrency} exports run at once; {@code reader*} tune reading segments back from ferry.commands: the bulk fetch
 * size (which bounds a reader's memory) and how far ahead (estimated bytes) a needed record may lie before the reader
 * seeks instead of reading on. {@code retention} says which exported files are deleted, and when stale uploads are;
 * {@code stream} how uploads are exported while they are received ({@link StreamConfig}).
 */
public record ExporterConfig(String bootstrapServers, Topics topics, String groupId, String transactionalId,
                             List<String> sinks, Path localRoot, S3SinkConfig s3, int concurrency,
                             Duration retryInitial, Duration retryMax, Duration deadline, int readerFetchBytes,
                             long readerSkipBytes, Duration readerTimeout, Map<String, String> consumerSettings,
                             Map<String, String> producerSettings, RetentionConfig retention,
                             StreamConfig stream) {
    public static final String LOCAL = "local";
    public static final String S3 = "s3";
    public static final String DEFAULT_GROUP_ID = "ferry-exporter";
    public static final String DEFAULT_LOCAL_ROOT = "data/files";
    /**
     * Exports at once. Small files are latency-bound (fsync, a Kafka round trip), not CPU-bound: with 1,000 devices
     * uploading 64 KiB each, 2 workers exported ~34 files/s and 8 ~80 (docs/benchmarks.md, c). 4, not 8, because each
     * worker may hold two bulk fetches plus a one-batch fetch and its S3 part buffers (~25 MiB, ~50 MiB at worst),
     * and a 256 MiB heap must stay enough.
     */
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final Duration DEFAULT_RETRY_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(30);
    /** After retrying this long an export is reported stalled; it never gives up on a retriable failure. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);
    /**
     * Bulk fetch of a reader (it holds about two: one consumed, one prefetched). 4 MiB, not 1 MiB: a 128 MiB file
     * needs a quarter of the round trips; interleaved and small files use one-batch fetches instead (see
     * CommandLogReader), so the size no longer multiplies their read amplification. Plus 1/16: the broker fills a
     * fetch up to the byte limit and the consumer drops the cut-off batch at its end, so an exact power of two holds
     * one power-of-two segment (they come with ~100 bytes of record overhead) less than it seems: 3 of 1 MiB in a
     * 4 MiB fetch, read amplification 1.33; 4.25 MiB holds 4, 1.06 (docs/benchmarks.md, scenario b).
     */
    public static final int DEFAULT_READER_FETCH_BYTES = 4 * 1024 * 1024 + 256 * 1024;
    public static final Duration DEFAULT_READER_TIMEOUT = Duration.ofSeconds(30);

    public ExporterConfig {
        requireNonNull(bootstrapServers, "bootstrapServers");
        requireNonNull(topics, "topics");
        requireNonNull(groupId, "groupId");
        requireNonNull(transactionalId, "transactionalId");
        sinks = List.copyOf(requireNonNull(sinks, "sinks"));
        if (sinks.isEmpty() || sinks.stream().distinct().count() != sinks.size()) {
            throw new IllegalArgumentException("sinks must be a non-empty list without repeats: " + sinks);
        }
        for (String sink : sinks) {
            if (!sink.equals(LOCAL) && !sink.equals(S3)) {
                throw new IllegalArgumentException("unknown sink '" + sink + "' (local, s3)");
            }
        }
        if (sinks.contains(LOCAL)) {
            requireNonNull(localRoot, "localRoot");
        }
        if (sinks.contains(S3)) {
            requireNonNull(s3, "s3");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1: " + concurrency);
        }
        new RetryPolicy(retryInitial, retryMax, deadline);
        if (readerFetchBytes < 1024 || readerSkipBytes < 0) {
            throw new IllegalArgumentException("reader settings out of range");
        }
        requireNonNull(readerTimeout, "readerTimeout");
        consumerSettings = Map.copyOf(requireNonNull(consumerSettings, "consumerSettings"));
        producerSettings = Map.copyOf(requireNonNull(producerSettings, "producerSettings"));
        requireNonNull(retention, "retention");
        requireNonNull(stream, "stream");
    }

    /** Reads the settings; throws {@code ConfigException} naming every bad key. */
    public static ExporterConfig fromSettings(Settings settings) {
        String bootstrap = settings.get(KafkaSettings.BOOTSTRAP_SERVERS);
        Topics topics = TopicSettings.topics(settings);
        String groupId = settings.get(ExporterSettings.GROUP_ID);
        String transactionalId = settings.get(ExporterSettings.TRANSACTIONAL_ID);
        transactionalId = transactionalId == null ? groupId + "-" + UUID.randomUUID() : transactionalId;
        List<String> sinks = settings.get(ExporterSettings.SINKS);
        for (String sink : sinks) {
            if (!sink.equals(LOCAL) && !sink.equals(S3)) {
                settings.addError("ferry.exporter.sinks: unknown sink '" + sink + "' (local, s3)");
            }
        }
        if (sinks.isEmpty()) {
            settings.addError("ferry.exporter.sinks: at least one sink is required");
        }
        Path root = Path.of(settings.get(ExporterSettings.LOCAL_ROOT));
        S3SinkConfig s3 = sinks.contains(S3) ? S3SinkConfig.fromSettings(settings) : null;
        int concurrency = settings.get(ExporterSettings.CONCURRENCY);
        Duration initial = settings.get(ExporterSettings.RETRY_INITIAL);
        Duration max = settings.get(ExporterSettings.RETRY_MAX);
        if (max.compareTo(initial) < 0) {
            settings.addError("ferry.exporter.retry.max: must be >= ferry.exporter.retry.initial");
        }
        Duration deadline = settings.get(ExporterSettings.DEADLINE);
        int fetchBytes = settings.get(ExporterSettings.READER_FETCH_BYTES);
        // A seek costs about two fetches (the answer plus the prefetch it throws away), so read on below that.
        long skip = settings.get(ExporterSettings.READER_SKIP_BYTES.withDefault(2L * fetchBytes));
        Duration readerTimeout = settings.get(ExporterSettings.READER_TIMEOUT);
        RetentionConfig retention = RetentionConfig.fromSettings(settings);
        StreamConfig stream = StreamConfig.fromSettings(settings);
        settings.validate();
        return new ExporterConfig(bootstrap, topics, groupId, transactionalId, sinks, root, s3, concurrency,
                initial, max.compareTo(initial) < 0 ? initial : max, deadline, fetchBytes, skip, readerTimeout,
                settings.get(KafkaSettings.CONSUMER), settings.get(KafkaSettings.PRODUCER), retention, stream);
    }

    /** At most this many manifests are taken from Kafka before earlier ones finish. */
    int maxInFlight() {
        return concurrency * 2;
    }

    RetryPolicy retryPolicy() {
        return new RetryPolicy(retryInitial, retryMax, deadline);
    }

    @Override
    public String toString() {
        return "ExporterConfig[bootstrapServers=" + bootstrapServers + ", topics.ready=" + topics.ready()
                + ", groupId=" + groupId + ", transactionalId=" + transactionalId + ", sinks=" + sinks
                + ", localRoot=" + (sinks.contains(LOCAL) ? localRoot : "-") + ", s3=" + s3
                + ", concurrency=" + concurrency + ", retry=" + retryInitial + ".." + retryMax
                + ", deadline=" + deadline + ", readerFetchBytes=" + readerFetchBytes + ", readerSkipBytes="
                + readerSkipBytes + ", readerTimeout=" + readerTimeout + ", retention=" + retention
                + ", stream=" + stream
                + ", consumerSettings="
                + Settings.masked(consumerSettings) + ", producerSettings=" + Settings.masked(producerSettings) + "]";
    }
}
