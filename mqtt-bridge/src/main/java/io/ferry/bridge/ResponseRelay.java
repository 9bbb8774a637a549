package io.ferry.bridge;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.ferry.protocol.FerrySerdes;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.ResponseRecord;
import io.ferry.protocol.Topics;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every response of the responses topic to its device, QoS 1, with the command's Correlation-Data.
 * One consumer group over all bridges, so each response is published once; offsets are committed only after the
 * broker acknowledged the batch's publishes (at-least-once: a crash may publish a response twice).
 */
final class ResponseRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseRelay.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Mqtt5AsyncClient mqtt;
    private final String topic;
    private final Deserializer<ResponseRecord> responses = FerrySerdes.responses().deserializer();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean started;

    ResponseRelay(KafkaConfig config, Topics topics, Mqtt5AsyncClient mqtt, String clientId) {
        this.consumer = new KafkaConsumer<>(consumerConfig(config, clientId), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.mqtt = mqtt;
        this.topic = topics.responses();
        this.thread = new Thread(this::run, "ferry-bridge-responses");
        this.thread.setUncaughtExceptionHandler((dead, error) ->
                LOG.error("Response relay stopped; the bridge is unhealthy", error));
    }

    static Map<String, Object> consumerConfig(KafkaConfig config, String clientId) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-responses");
        properties.putAll(config.consumer());
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.responsesGroup());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return properties;
    }

    /** False once the relay thread died (it logged why); a restart of the process is then the cure. */
    boolean isRunning() {
        return running && (!started || thread.isAlive());
    }

    void start() {
        started = true;
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                if (publishAll(records)) {
                    consumer.commitSync();
                } else {
                    rewind(records);
                    LockSupport.parkNanos(RETRY_PAUSE.toNanos());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    private boolean publishAll(ConsumerRecords<byte[], byte[]> records) {
        List<CompletableFuture<?>> publishes = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            ResponseRecord response = decode(record);
            if (response != null) {
                publishes.add(publish(response, record));
            }
        }
        try {
            CompletableFuture.allOf(publishes.toArray(CompletableFuture[]::new))
                    .get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Publishing {} responses failed; retrying the batch: {}", publishes.size(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private CompletableFuture<?> publish(ResponseRecord response, ConsumerRecord<byte[], byte[]> record) {
        Mqtt5PublishBuilder.Send.Complete<CompletableFuture<Mqtt5PublishResult>> builder;
        try {
            builder = mqtt.publishWith().topic(deliverableTopic(response.replyTo())).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(response.response().toJson());
        } catch (IllegalArgumentException e) {
            // A reply topic MQTT cannot carry (e.g. a clientId with '+'): nobody can receive this answer.
            LOG.error("Cannot publish response clientId={} topic={} ({}-{}@{}): {}",
                    response.replyTo().clientId(), response.replyTo().topic(), record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        byte[] correlation = response.replyTo().correlationData();
        if (correlation != null) {
            builder = builder.correlationData(ByteBuffer.wrap(correlation));
        }
        return builder.send().exceptionally(error -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof Mqtt5PubAckException) {
                // The broker answered and refused: retrying cannot change that, and must not block the others.
                LOG.error("Broker refused response clientId={} topic={}: {}", response.replyTo().clientId(),
                        response.replyTo().topic(), cause.getMessage());
                return null;
            }
            throw error instanceof CompletionException completion ? completion : new CompletionException(error);
        });
    }

    /**
     * The reply topic, unless a device pointed its Response-Topic at a command topic: the broker refuses (and
     * disconnects) a bridge publishing there, so such an answer goes to the device's default response topic.
     */
    static String deliverableTopic(ReplyTo replyTo) {
        String topic = replyTo.replyTopic();
        String root = topic.contains("/") ? topic.substring(0, topic.indexOf('/')) : topic;
        if (root.equals("$file") || root.equals("$file-async")) {
            return ReplyTo.DEFAULT_RESPONSE_PREFIX + replyTo.clientId();
        }
        return topic;
    }

    private ResponseRecord decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return responses.deserialize(record.topic(), record.value());
        } catch (UncheckedIOException | IllegalArgumentException e) {
            LOG.error("Skipping unreadable response at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }

    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).get(0).offset());
        }
    }

    @Override
    public void close() {
        running = false;
        if (!started) {
            consumer.close();
            return;
        }
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
