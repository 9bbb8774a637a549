package io.ferry.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * One thread reading whole topics from the beginning, forever, as every API instance needs them (the catalog, the
 * events). No consumer group: it assigns every partition itself, once all the topics exist, and commits nothing.
 * A Kafka error is logged and retried after a second; {@link #close()} wakes the consumer and waits for the thread.
 */
final class TopicReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long RETRY_MILLIS = 1000;

    /** What the reader does with the topics; called on its thread only. */
    interface Handler {
        /** Every partition is assigned and positioned at its beginning. */
        default void assigned(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        }

        void apply(ConsumerRecord<byte[], byte[]> record);

        /** After the records of one poll were applied. */
        default void polled(KafkaConsumer<byte[], byte[]> consumer) {
        }
    }

    private final String name;
    private final List<String> topics;
    private final Handler handler;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;
    private boolean assigned;

    /** {@code config} from {@link KafkaClients#consumer}; the thread is named {@code ferry-api-<name>}. */
    TopicReader(String name, Map<String, Object> config, List<String> topics, Handler handler) {
        this.name = name;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "ferry-api-" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (closed.getCount() > 0) {
                try {
                    if (!assigned && !assign()) {
                        pause();
                        continue;
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        handler.apply(record);
                    }
                    handler.polled(consumer);
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    LOG.warn("{} consumer error, retrying: {}", name, e.toString());
                    pause();
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private boolean assign() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos == null || infos.isEmpty()) {
                LOG.info("{}: waiting for topic {} to exist", name, topic);
                return false;
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        handler.assigned(consumer, partitions);
        assigned = true;
        return true;
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
