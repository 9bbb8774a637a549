package io.ferry.exporter;

import io.ferry.records.CatalogEntry;
import io.ferry.records.Manifest;
import io.ferry.records.SegmentPointer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether a file's bytes can still be read back: its manifest must still be in ferry.ready and its first segment at
 * or after the start of its ferry.commands partition (Kafka deletes from the start as retention passes; with tiered
 * storage the start includes the remote tier). Answers with the message the operator sees, or null.
 */
final class CommandRetention {
    static final String HINT = "keep replay material longer with Kafka tiered storage (docs/operations.md, Replay)";

    private CommandRetention() {
    }

    /** The first offset still stored of each partition of {@code topic}. */
    static Map<Integer, Long> earliestOffsets(Map<String, Object> settings, String topic, Duration timeout) {
        Map<String, Object> config = new HashMap<>(settings);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<Integer, Long> earliest = new HashMap<>();
            consumer.beginningOffsets(partitions, timeout)
                    .forEach((tp, offset) -> earliest.put(tp.partition(), offset));
            return earliest;
        }
    }

    /** Why {@code entry} cannot be replayed any more, or null if its bytes are all still there. */
    static String pastRetention(CatalogEntry entry, Manifest manifest, Map<Integer, Long> earliest) {
        if (manifest == null || manifest.size() != entry.size()) {
            return "its manifest is no longer in ferry.ready (past retention); " + HINT;
        }
        long first = manifest.segments().stream().mapToLong(SegmentPointer::kafkaOffset).min().orElse(Long.MAX_VALUE);
        Long start = earliest.get(manifest.partition());
        if (first != Long.MAX_VALUE && (start == null || first < start)) {
            return "its bytes are past ferry.commands retention (partition " + manifest.partition() + " starts at"
                    + " offset " + start + ", the file begins at " + first + "); " + HINT;
        }
        return null;
    }
}
