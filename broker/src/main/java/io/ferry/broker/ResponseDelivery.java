package io.ferry.broker;

import io.ferry.records.DeliveryMark;
import io.ferry.records.FerrySerdes;
import io.ferry.records.ResponseRecord;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the responses topic to the devices connected to this broker node, wherever their commands went in.
 *
 * <p>Every node reads every partition ({@code read_committed}, no consumer group) and keeps each response in
 * {@link PendingResponses} until some node delivered it. A node delivers a response when the device is connected to
 * it and subscribed to the reply topic, then writes a {@link DeliveryMark}; every node drops what a mark covers. So a
 * device that reconnects to another node, even between a fin and its result, gets the responses it has not had,
 * within {@link ResponseLimits#window()}. A starting node reads that window back from Kafka, so a node that crashed
 * loses nothing either. Delivery is at least once: a device may see a response twice around a reconnect.
 */
final class ResponseDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseDelivery.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final ResponseLimits limits;
    private final PendingResponses pending;
    private volatile LocalClients clients;
    private final ResponsePublisher publisher;
    private final CommandProducer marks;
    private final Clock clock;
    private final Deserializer<ResponseRecord> responses = FerrySerdes.responses().deserializer();
    /** Highest delivered offset per (clientId, partition) not yet written as a mark. */
    private final Map<DeliveryKey, Long> unmarked = new ConcurrentHashMap<>();
    private final Set<String> wake = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running = true;
    private volatile boolean started;

    private record DeliveryKey(String clientId, int partition) {
    }

    ResponseDelivery(ExtensionConfig config, LocalClients clients, ResponsePublisher publisher, CommandProducer marks,
                     Clock clock) {
        this.consumer = new KafkaConsumer<>(consumerConfig(config), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.topic = config.topics().responses();
        this.limits = config.responses();
        this.pending = new PendingResponses(limits);
        this.clients = clients;
        this.publisher = publisher;
        this.marks = marks;
        this.clock = clock;
        this.thread = new Thread(this::run, "ferry-response-delivery");
        this.thread.setDaemon(true);
        this.thread.setUncaughtExceptionHandler((dead, error) ->
                LOG.error("Response delivery stopped; this broker node is unhealthy", error));
    }

    static Map<String, Object> consumerConfig(ExtensionConfig config) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, config.nodeId() + "-responses");
        properties.putAll(config.kafka().consumer());
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        // Results the assembler and exporter wrote in a transaction that aborted must never reach a device.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return properties;
    }

    /** The connected devices; set before {@link #start()} (the two know each other). */
    void attach(LocalClients localClients) {
        this.clients = localClients;
    }

    void start() {
        started = true;
        thread.start();
    }

    /** A device connected or subscribed here: its pending responses are offered on the next round. */
    void wake(String clientId) {
        wake.add(clientId);
    }

    boolean isRunning() {
        return running && thread.isAlive();
    }

    int pendingCount() {
        return pending.size();
    }

    long delivered() {
        return delivered.get();
    }

    private void run() {
        try {
            boolean assigned = false;
            while (running) {
                try {
                    if (!assigned) {
                        // Retried like a poll: a node may start while Kafka is still unreachable.
                        assignFromWindowStart();
                        assigned = true;
                    }
                    pollOnce();
                } catch (KafkaException e) {
                    if (e instanceof WakeupException) {
                        throw e;
                    }
                    LOG.warn("Reading responses failed; retrying: {}", e.toString());
                    java.util.concurrent.locks.LockSupport.parkNanos(RETRY_PAUSE.toNanos());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            writeMarks();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void assignFromWindowStart() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        long since = clock.millis() - limits.window().toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, since));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp start = found.get(partition);
            if (start == null) {
                consumer.seekToEnd(List.of(partition));
            } else {
                consumer.seek(partition, start.offset());
            }
        }
    }

    private void pollOnce() {
        Set<String> touched = new java.util.HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            if (DeliveryMark.isMark(record)) {
                DeliveryMark.from(record).ifPresent(mark ->
                        pending.acknowledge(mark.clientId(), mark.partition(), mark.offset()));
                continue;
            }
            ResponseRecord response = decode(record);
            if (response != null) {
                pending.add(new PendingResponses.Item(response, record.partition(), record.offset(),
                        record.timestamp(), record.serializedValueSize() + 64));
                touched.add(response.replyTo().clientId());
            }
        }
        pending.expire(clock.millis() - limits.window().toMillis());
        // New responses go out at once; everything else pending for a connected device is retried every round,
        // which also covers a device that subscribes only after connecting.
        for (String clientId : Set.copyOf(wake)) {
            wake.remove(clientId);
            pending.retryNow(clientId);
            touched.add(clientId);
        }
        for (String clientId : pending.clients()) {
            if (clients.isConnected(clientId)) {
                touched.add(clientId);
            }
        }
        for (String clientId : touched) {
            if (clients.isConnected(clientId)) {
                deliver(clientId);
            }
        }
        writeMarks();
    }

    private void deliver(String clientId) {
        for (PendingResponses.Item item : pending.takeForSending(clientId, clock.millis())) {
            publisher.publish(item.response).whenComplete((subscribed, error) -> {
                boolean ok = error == null && subscribed;
                pending.attempted(item, ok, clock.millis());
                if (ok) {
                    delivered.incrementAndGet();
                    unmarked.merge(new DeliveryKey(clientId, item.partition), item.offset, Math::max);
                }
            });
        }
    }

    private void writeMarks() {
        for (DeliveryKey key : Set.copyOf(unmarked.keySet())) {
            Long offset = unmarked.remove(key);
            if (offset != null) {
                marks.sendMark(new DeliveryMark(key.clientId(), key.partition(), offset))
                        .whenComplete((ignored, error) -> {
                            if (error != null) {
                                // Harmless: the other nodes keep those responses a while and may deliver them again.
                                LOG.debug("Could not write a delivery mark clientId={}: {}", key.clientId(),
                                        error.toString());
                            }
                        });
            }
        }
    }

    private ResponseRecord decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return responses.deserialize(record.topic(), record.value());
        } catch (UncheckedIOException | IllegalArgumentException | NullPointerException e) {
            LOG.error("Skipping unreadable response at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        running = false;
        if (!started) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
