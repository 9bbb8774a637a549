package io.ferry.exporter;

import io.ferry.records.CommandRecord;
import io.ferry.records.CommandRecordCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that reads ferry.commands as uploads arrive and feeds {@link PrefixStreams}. It reads the partitions
 * whose ferry.ready partition this exporter owns (the assembler keys both by transfer id, so the export of a
 * manifest finds the stream in the same process); no consumer group, no committed offsets: a newly owned partition
 * is read from its end, so uploads already under way when it was assigned export after fin. Its fetches are bounded
 * by {@code ferry.exporter.reader.fetch.bytes}, like a reader's.
 */
final class PrefixStreamer implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrefixStreamer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration EXPIRY_CHECK = Duration.ofSeconds(1);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Supplier<Set<Integer>> owned;
    private final PrefixStreams streams;
    private final Thread thread;
    private volatile Set<Integer> reading = Set.of();
    private volatile boolean stopping;

    PrefixStreamer(Map<String, Object> consumerSettings, String topic, Supplier<Set<Integer>> owned,
                   PrefixStreams streams) {
        Map<String, Object> settings = new HashMap<>(consumerSettings);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.owned = owned;
        this.streams = streams;
        this.thread = new Thread(this, "ferry-exporter-streamer");
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("streaming stopped by an unexpected error; "
                + "uploads export after fin", e));
    }

    void start() {
        thread.start();
    }

    /** The ferry.commands partitions read now, each positioned (tests wait for it). */
    Set<Integer> readingPartitions() {
        return reading;
    }

    @Override
    public void run() {
        long nextExpiry = 0;
        try {
            while (!stopping) {
                follow(owned.get());
                if (reading.isEmpty()) {
                    pause();
                } else {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        accept(record);
                    }
                }
                if (System.nanoTime() - nextExpiry > 0) {
                    streams.expireIdle();
                    nextExpiry = System.nanoTime() + EXPIRY_CHECK.toNanos();
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
            streams.close();
        }
    }

    private void follow(Set<Integer> partitions) {
        if (partitions.equals(reading)) {
            return;
        }
        Set<TopicPartition> assignment = new HashSet<>();
        partitions.forEach(p -> assignment.add(new TopicPartition(topic, p)));
        consumer.assign(assignment);
        for (TopicPartition partition : assignment) {
            if (!reading.contains(partition.partition())) {
                consumer.seekToEnd(Set.of(partition));
                consumer.position(partition);
            }
        }
        streams.retainPartitions(partitions);
        reading = Set.copyOf(partitions);
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        CommandRecord command;
        try {
            command = CommandRecordCodec.decode(record.value());
        } catch (RuntimeException e) {
            return; // the assembler counts and reports bad records; nothing to stream
        }
        streams.accept(record.partition(), record.offset(), command);
    }

    private void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
