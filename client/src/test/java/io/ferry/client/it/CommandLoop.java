package io.ferry.client.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ferry.records.CommandRecord;
import io.ferry.records.FerrySerdes;
import io.ferry.records.ResponseRecord;
import io.ferry.records.TopicAdmin;
import io.ferry.records.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka side of {@link ProtocolServer}: one thread reads every partition of the commands topic from the
 * beginning and writes what the handler answers to the responses topic (key: clientId), where the broker picks it up
 * for the device. Assigned, not subscribed: no consumer group to join, so commands are read at once.
 */
final class CommandLoop implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Topics topics;
    private final Function<CommandRecord, Optional<ResponseRecord>> handler;
    private final Thread thread;
    /** What broke the loop, rethrown by {@link #close()} so the test class fails instead of timing out quietly. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    CommandLoop(String bootstrapServers, Topics topics, Function<CommandRecord, Optional<ResponseRecord>> handler) {
        this.topics = topics;
        this.handler = handler;
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(TopicAdmin.MAX_MESSAGE_BYTES)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, "0"), new ByteArraySerializer(), new ByteArraySerializer());
        consumer.assign(consumer.partitionsFor(topics.commands()).stream()
                .map(info -> new TopicPartition(topics.commands(), info.partition())).toList());
        this.thread = new Thread(this::run, "protocol-server-commands");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    CommandRecord command = FerrySerdes.commands().deserializer().deserialize(record.topic(),
                            record.value());
                    handler.apply(command).ifPresent(this::send);
                }
            }
        } catch (WakeupException e) {
            // close() ends the poll
        } catch (RuntimeException | Error e) {
            failure.set(e);
        } finally {
            consumer.close();
        }
    }

    private void send(ResponseRecord response) {
        producer.send(new ProducerRecord<>(topics.responses(), response.replyTo().clientId().getBytes(UTF_8),
                FerrySerdes.responses().serializer().serialize(topics.responses(), response)), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(30).toMillis());
        producer.close();
        Throwable broke = failure.get();
        if (broke != null) {
            throw new IllegalStateException("the fake server's command loop failed", broke);
        }
    }
}
