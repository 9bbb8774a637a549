package io.ferry.api;

import static java.util.Objects.requireNonNull;

import io.ferry.records.CatalogEntry;
import io.ferry.records.FerrySerdes;
import io.ferry.records.Topics;
import io.ferry.records.TransferId;
import io.ferry.records.TransferSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code ferry.files} and {@code ferry.transfers} from the beginning, forever, into a {@link CatalogIndex}.
 * No consumer group: every API instance holds the whole catalog, so it assigns all partitions itself and commits
 * nothing. The index is ready once the end offsets seen at start have been reached. Reads committed records only,
 * since the exporter writes catalog entries in transactions.
 */
final class KafkaCatalog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCatalog.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long RETRY_MILLIS = 1000;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final CatalogIndex index;
    private final ApiMetrics metrics;
    private final Deserializer<CatalogEntry> entries = FerrySerdes.catalog().deserializer();
    private final Deserializer<TransferSnapshot> snapshots = FerrySerdes.snapshots().deserializer();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;
    private Map<TopicPartition, Long> catchUpTo;

    KafkaCatalog(String bootstrapServers, Map<String, String> settings, Topics topics, CatalogIndex index,
                 ApiMetrics metrics) {
        this.topics = requireNonNull(topics, "topics");
        this.index = requireNonNull(index, "index");
        this.metrics = requireNonNull(metrics, "metrics");
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-api-catalog");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "ferry-api-catalog");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean isReady() {
        return index.isReady();
    }

    private void run() {
        try {
            while (closed.getCount() > 0) {
                try {
                    if (catchUpTo == null && !assign()) {
                        pause();
                        continue;
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        apply(record);
                    }
                    checkCaughtUp();
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    LOG.warn("catalog consumer error, retrying: {}", e.toString());
                    pause();
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private boolean assign() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.files(), topics.transfers())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos == null || infos.isEmpty()) {
                LOG.info("waiting for topic {} to exist", topic);
                return false;
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        catchUpTo = new HashMap<>(consumer.endOffsets(partitions));
        LOG.info("catalog reading {} partitions of {} and {}", partitions.size(), topics.files(), topics.transfers());
        return true;
    }

    private void checkCaughtUp() {
        if (index.isReady()) {
            return;
        }
        catchUpTo.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
        if (catchUpTo.isEmpty()) {
            index.markReady();
            LOG.info("catalog ready: files={} transfers={}", index.fileCount(), index.transfers().size());
        }
    }

    /** A record that cannot be decoded is logged with its coordinates, counted and skipped. */
    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.key() == null) {
                throw new IllegalArgumentException("record without key");
            }
            TransferId id = TransferId.decode(record.key());
            boolean files = record.topic().equals(topics.files());
            if (record.value() == null) {
                if (files) {
                    index.removeFile(id);
                } else {
                    index.removeTransfer(id);
                }
            } else if (files) {
                index.putFile(entries.deserialize(record.topic(), record.value()));
            } else {
                index.putTransfer(snapshots.deserialize(record.topic(), record.value()));
            }
        } catch (RuntimeException e) {
            metrics.badRecord();
            LOG.warn("skipping bad record topic={} partition={} offset={}: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
        }
    }

    private void pause() {
        try {
            closed.await(RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed.countDown();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        if (!thread.isAlive()) {
            if (thread.getState() == Thread.State.NEW) {
                consumer.close(Duration.ZERO);
            }
            return;
        }
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
