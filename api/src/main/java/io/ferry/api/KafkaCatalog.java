package io.ferry.api;

import static java.util.Objects.requireNonNull;

import io.ferry.records.CatalogEntry;
import io.ferry.records.FerrySerdes;
import io.ferry.records.Topics;
import io.ferry.records.TransferId;
import io.ferry.records.TransferSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code ferry.files} and {@code ferry.transfers} from the beginning, forever, into a {@link CatalogIndex}.
 * No consumer group: every API instance holds the whole catalog, so it assigns all partitions itself and commits
 * nothing. The index is ready once the end offsets seen at start have been reached. Reads committed records only,
 * since the exporter writes catalog entries in transactions.
 */
final class KafkaCatalog implements TopicReader.Handler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCatalog.class);
    private final TopicReader reader;
    private final Topics topics;
    private final CatalogIndex index;
    private final ApiMetrics metrics;
    private final Deserializer<CatalogEntry> entries = FerrySerdes.catalog().deserializer();
    private final Deserializer<TransferSnapshot> snapshots = FerrySerdes.snapshots().deserializer();
    private Map<TopicPartition, Long> catchUpTo;

    KafkaCatalog(String bootstrapServers, Map<String, String> settings, Topics topics, CatalogIndex index,
                 ApiMetrics metrics) {
        this.topics = requireNonNull(topics, "topics");
        this.index = requireNonNull(index, "index");
        this.metrics = requireNonNull(metrics, "metrics");
        this.reader = new TopicReader("catalog", KafkaClients.consumer(bootstrapServers, settings,
                "ferry-api-catalog"), List.of(topics.files(), topics.transfers()), this);
    }

    void start() {
        reader.start();
    }

    boolean isReady() {
        return index.isReady();
    }

    @Override
    public void assigned(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        catchUpTo = new HashMap<>(consumer.endOffsets(partitions));
        LOG.info("catalog reading {} partitions of {} and {}", partitions.size(), topics.files(), topics.transfers());
    }

    /** Ready once every partition has reached the end offset it had when reading began. */
    @Override
    public void polled(KafkaConsumer<byte[], byte[]> consumer) {
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
    @Override
    public void apply(ConsumerRecord<byte[], byte[]> record) {
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

    @Override
    public void close() {
        reader.close();
    }
}
