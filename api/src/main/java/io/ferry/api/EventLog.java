package io.ferry.api;

import io.ferry.records.FerrySerdes;
import io.ferry.records.Topics;
import io.ferry.records.TransferEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uploads that ended badly, from {@code ferry.events}: the latest {@link #MAX_EVENTS} failed, aborted and
 * expired ones (read from the topic's beginning, so as far back as its retention), for the dashboard. Memory is
 * bounded by that count, not by the topic. Like {@link KafkaCatalog} it assigns every partition and commits nothing.
 */
final class EventLog implements AutoCloseable {
    static final int MAX_EVENTS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private static final Set<TransferEvent.Type> KEPT = EnumSet.of(TransferEvent.Type.FAILED,
            TransferEvent.Type.ABORTED, TransferEvent.Type.EXPIRED);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Deque<TransferEvent> events = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    EventLog(String bootstrapServers, Map<String, String> settings, Topics topics) {
        this.topic = topics.events();
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-api-events");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "ferry-api-events");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Newest first; {@code type} null for all three kinds. */
    synchronized List<TransferEvent> latest(TransferEvent.Type type) {
        List<TransferEvent> result = new ArrayList<>();
        events.descendingIterator().forEachRemaining(e -> {
            if (type == null || e.type() == type) {
                result.add(e);
            }
        });
        return result;
    }

    synchronized void add(TransferEvent event) {
        if (!KEPT.contains(event.type())) {
            return;
        }
        events.addLast(event);
        while (events.size() > MAX_EVENTS) {
            events.removeFirst();
        }
    }

    private void run() {
        boolean assigned = false;
        try {
            while (closed.getCount() > 0) {
                try {
                    if (!assigned) {
                        assigned = assign();
                        if (!assigned) {
                            closed.await(1, TimeUnit.SECONDS);
                        }
                        continue;
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        apply(record);
                    }
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    LOG.warn("events consumer error, retrying: {}", e.toString());
                    closed.await(1, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private boolean assign() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (infos == null || infos.isEmpty()) {
            return false;
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return true;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            TransferEvent event = FerrySerdes.events().deserializer().deserialize(record.topic(), record.value());
            if (event != null) {
                add(event);
            }
        } catch (RuntimeException e) {
            LOG.warn("skipping bad record topic={} partition={} offset={}: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
        }
    }

    /** The JSON of {@code GET /api/v1/events}. */
    record EventView(String clientId, String fileId, String type, String at, String reason, Long size,
                     String message) {
        static EventView of(TransferEvent event) {
            return new EventView(event.clientId(), event.fileId(), event.type().name().toLowerCase(Locale.ROOT),
                    Instant.ofEpochMilli(event.at()).toString(), event.reason(), event.size(), event.message());
        }
    }

    record EventList(List<EventView> events) {
    }

    @Override
    public void close() {
        closed.countDown();
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ZERO);
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
