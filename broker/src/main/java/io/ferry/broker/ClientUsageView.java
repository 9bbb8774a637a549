package io.ferry.broker;

import io.ferry.records.ClientUsageRecord;
import io.ferry.records.FerrySerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's copy of ferry.usage, the assembler's per-client quota counters of every partition (issue 15 item
 * 10): a segment of a client whose unexported bytes already reach its quota is refused here, before it is written
 * to Kafka and kept for the retention. The assembler stays the authority (its check is exact); this copy lags by
 * the assembler's commit interval, so it only saves Kafka the writes the assembler would refuse anyway. Memory:
 * one small record per (client with unexported bytes, partition).
 */
final class ClientUsageView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientUsageView.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Map<String, Map<Integer, ClientUsageRecord>> byClient = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ClientUsageView(ExtensionConfig config) {
        Map<String, Object> properties = ResponseDelivery.consumerConfig(config);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, config.nodeId() + "-usage");
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        topic = config.topics().usage();
        thread = new Thread(this::run, "ferry-client-usage");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** True when the client's unexported bytes over all partitions reach the quota the assembler published. */
    boolean bytesExhausted(String clientId) {
        Map<Integer, ClientUsageRecord> partitions = byClient.get(clientId);
        if (partitions == null) {
            return false;
        }
        long bytes = 0;
        long max = Long.MAX_VALUE;
        for (ClientUsageRecord record : partitions.values()) {
            bytes += record.bytes();
            max = Math.min(max, record.maxBytes());
        }
        return bytes >= max;
    }

    private void run() {
        boolean assigned = false;
        try {
            while (running) {
                try {
                    if (!assigned) {
                        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                                .map(info -> new TopicPartition(topic, info.partition())).toList();
                        if (partitions.isEmpty()) {
                            // Not created yet (an upgrade creates it with the assembler): nothing is refused here.
                            LOG.warn("{} does not exist yet; retrying", topic);
                            java.util.concurrent.locks.LockSupport.parkNanos(RETRY_PAUSE.toNanos() * 10);
                            continue;
                        }
                        consumer.assign(partitions);
                        consumer.seekToBeginning(partitions);
                        assigned = true;
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        apply(record);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    LOG.warn("Reading {} failed; retrying: {}", topic, e.toString());
                    java.util.concurrent.locks.LockSupport.parkNanos(RETRY_PAUSE.toNanos());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("Client usage reader woken unexpectedly", e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        ClientUsageRecord usage;
        try {
            usage = record.value() == null ? null : FerrySerdes.usage().deserializer().deserialize(topic, record.value());
        } catch (RuntimeException e) {
            LOG.warn("Skipping undecodable usage record {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
            return;
        }
        if (usage == null) {
            forget(record.key());
            return;
        }
        byClient.computeIfAbsent(usage.clientId(), id -> new ConcurrentHashMap<>()).put(usage.partition(), usage);
    }

    /** A tombstone: its key is {@link ClientUsageRecord#key}; decode clientId and partition from it. */
    private void forget(byte[] key) {
        if (key == null || key.length < 8) {
            return;
        }
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(key);
        int length = buffer.getInt();
        if (length < 0 || length != key.length - 8) {
            return;
        }
        String clientId = new String(key, 4, length, java.nio.charset.StandardCharsets.UTF_8);
        int partition = java.nio.ByteBuffer.wrap(key, 4 + length, 4).getInt();
        byClient.computeIfPresent(clientId, (id, partitions) -> {
            partitions.remove(partition);
            return partitions.isEmpty() ? null : partitions;
        });
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
