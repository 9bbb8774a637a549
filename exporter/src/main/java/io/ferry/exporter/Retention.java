package io.ferry.exporter;

import static java.util.Objects.requireNonNull;

import io.ferry.exporter.sink.Sink;
import io.ferry.records.CatalogEntry;
import io.ferry.records.FerrySerdes;
import io.ferry.records.Location;
import io.ferry.records.TransferId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes exported files that retention ({@link RetentionConfig}) says are due, from every sink and then from the
 * catalog (an ferry.files tombstone, as the API's DELETE does: bytes first, so a failure leaves nothing unlisted), and
 * removes what this exporter's sinks abandoned (stale multipart uploads, temporary files). Each sweep reads the
 * committed ferry.files; an instance sweeps the partitions whose numbers it owns on ferry.ready (both are keyed by transfer
 * id and have the same partition count), so exactly one instance deletes any file and it is the one that would
 * export it again.
 */
final class Retention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(1);
    private final RetentionConfig config;
    private final Map<String, Object> consumerSettings;
    private final String filesTopic;
    private final List<Sink> sinks;
    private final Supplier<Set<Integer>> owned;
    private final TransferClaims claims;
    private final Clock clock;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService timer;
    private final AtomicLong sweeps = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong staleRemoved = new AtomicLong();

    Retention(RetentionConfig config, Map<String, Object> consumerSettings, Map<String, Object> producerSettings,
              String filesTopic, List<Sink> sinks, Supplier<Set<Integer>> owned, TransferClaims claims, Clock clock) {
        this.config = requireNonNull(config, "config");
        this.consumerSettings = Map.copyOf(consumerSettings);
        this.filesTopic = requireNonNull(filesTopic, "filesTopic");
        this.sinks = List.copyOf(sinks);
        this.owned = requireNonNull(owned, "owned");
        this.claims = requireNonNull(claims, "claims");
        this.clock = requireNonNull(clock, "clock");
        Map<String, Object> producer = new HashMap<>(producerSettings);
        producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer());
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-exporter-retention");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        long every = config.interval().toMillis();
        timer.scheduleWithFixedDelay(this::sweepSafely, every, every, TimeUnit.MILLISECONDS);
    }

    /** Sweeps completed (each read the catalog to its end). */
    long sweeps() {
        return sweeps.get();
    }

    /** Files deleted from their sinks and the catalog. */
    long deleted() {
        return deleted.get();
    }

    /** Stale multipart uploads aborted and temporary files removed. */
    long staleRemoved() {
        return staleRemoved.get();
    }

    private void sweepSafely() {
        try {
            sweep();
            sweeps.incrementAndGet();
        } catch (RuntimeException e) {
            // The boundary of the timer thread: a failed sweep (Kafka or a sink away) is retried at the next one.
            LOG.warn("retention sweep failed, retrying in {}: {}", config.interval(), e.toString());
        }
    }

    void sweep() {
        Instant started = clock.instant();
        for (Sink sink : sinks) {
            staleRemoved.addAndGet(sink.removeStale(started.minus(config.staleUploads())));
        }
        Set<Integer> partitions = owned.get();
        if (!config.deletesFiles() || partitions.isEmpty()) {
            return;
        }
        for (CatalogEntry entry : due(partitions, started)) {
            expire(entry, started);
        }
        claims.forgetCommitsBefore(started);
    }

    /** Catalog entries of {@code partitions} due at {@code now}; only those are kept while reading. */
    private List<CatalogEntry> due(Set<Integer> partitions, Instant now) {
        Map<TransferId, CatalogEntry> due = new HashMap<>();
        TopicSnapshot.read(consumerSettings, filesTopic, READ_TIMEOUT, (record, offset) -> {
            if (!partitions.contains(record.partition()) || record.key() == null) {
                return;
            }
            CatalogEntry entry = decode(record);
            if (entry != null && config.isExpired(entry, now)) {
                due.put(entry.transferId(), entry);
            } else {
                due.remove(TransferId.decode(record.key()));
            }
        });
        return List.copyOf(due.values());
    }

    private static CatalogEntry decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return FerrySerdes.catalog().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            LOG.warn("retention skips undecodable catalog record {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
            return null;
        }
    }

    private void expire(CatalogEntry entry, Instant snapshotAt) {
        TransferId id = entry.transferId();
        if (claims.changedSince(id, snapshotAt) || !claims.tryClaim(id)) {
            LOG.debug("transferId={} is being exported; retention looks again next sweep", id.encode());
            return;
        }
        try {
            for (Location location : entry.locations()) {
                Optional<Sink> sink = sinks.stream().filter(s -> s.name().equals(location.sink())).findFirst();
                if (sink.isEmpty()) {
                    LOG.warn("transferId={} clientId={} expired but sink {} is not configured here; kept",
                            id.encode(), id.clientId(), location.sink());
                    return;
                }
            }
            for (Location location : entry.locations()) {
                sinks.stream().filter(s -> s.name().equals(location.sink())).findFirst().orElseThrow()
                        .store().delete(location);
            }
            producer.send(new ProducerRecord<>(filesTopic, id.encodeBytes(), null)).get();
            deleted.incrementAndGet();
            LOG.info("transferId={} clientId={} name={} deleted by retention (expire_at={}, exportedAt={})",
                    id.encode(), id.clientId(), entry.name(), entry.meta().expireAt(),
                    Instant.ofEpochMilli(entry.exportedAt()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("transferId={} clientId={} retention could not delete, retrying next sweep: {}", id.encode(),
                    id.clientId(), e.toString());
        } finally {
            claims.release(id);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
