package io.ferry.broker;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ferry.records.CommandRecord;
import io.ferry.records.DeliveryMark;
import io.ferry.records.FerrySerdes;
import io.ferry.records.ResponseRecord;
import io.ferry.records.TopicAdmin;
import io.ferry.records.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The node's one Kafka producer: accepted commands (key: transfer id), stateless answers and delivery marks (key:
 * clientId). Every future completes only when Kafka acknowledged the record with acks=all.
 */
final class CommandProducer implements AutoCloseable {
    /** Sends never block a HiveMQ thread for long: metadata is fetched at start, and the buffer has room. */
    private static final Duration MAX_BLOCK = Duration.ofSeconds(5);
    /** Above the node's pending limit, which bounds what can be in the producer, so a send never waits for room. */
    private static final long BUFFER_HEADROOM = 2L * TopicAdmin.MAX_MESSAGE_BYTES;
    /**
     * Kafka's default batch (16 KiB) is smaller than any segment record of 64 KiB or more, so each such record became
     * a batch of its own, in a buffer allocated for it and dropped after the send, and one produce request carried at
     * most one segment per partition. 256 KiB lets the 64 KiB segments of several devices that wait for the same
     * partition share one batch and one pooled buffer (issue 14 item 4, docs/benchmarks.md). Not larger: every open
     * batch takes a whole buffer, also for a small response, and there can be one per partition of both topics.
     */
    static final int BATCH_BYTES = 256 * 1024;

    private final Producer<byte[], byte[]> producer;
    private final Topics topics;
    private final Serializer<ResponseRecord> responses = FerrySerdes.responses().serializer();
    private final Serializer<CommandRecord> commands = FerrySerdes.commands().serializer();

    CommandProducer(ExtensionConfig config) {
        this(new KafkaProducer<>(producerConfig(config), new ByteArraySerializer(), new ByteArraySerializer()),
                config.topics());
    }

    CommandProducer(Producer<byte[], byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    /** The Kafka client itself, for its metrics. */
    Producer<byte[], byte[]> kafka() {
        return producer;
    }

    static Map<String, Object> producerConfig(ExtensionConfig config) {
        IngressLimits limits = config.ingress();
        long timeoutMs = limits.kafkaTimeout().toMillis();
        Map<String, Object> properties = new HashMap<>();
        // One device's commands go one at a time (HiveMQ runs one extension task per client), so a segment waits for
        // its own round trip: batching comes from many devices, not from lingering.
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(BATCH_BYTES));
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, config.nodeId());
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeoutMs));
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.max(1_000, timeoutMs / 2)));
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(MAX_BLOCK.toMillis()));
        properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG,
                Long.toString(limits.nodeMaxPendingBytes() + BUFFER_HEADROOM));
        properties.putAll(config.kafka().producer());
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        // What "PUBACK only once Kafka has the command" rests on; not overridable.
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        int maxRequest = Integer.parseInt(String.valueOf(properties.getOrDefault(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "0")));
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                Integer.toString(Math.max(maxRequest, TopicAdmin.MAX_MESSAGE_BYTES)));
        return properties;
    }

    /** Fetches the topics' metadata, so the first device's send does not wait for it. */
    void warmUp() {
        producer.partitionsFor(topics.commands());
        producer.partitionsFor(topics.responses());
    }

    /**
     * Completes when Kafka acknowledged every record of one command. A command that cannot even be encoded (e.g. an
     * init nested deeper than the JSON writer allows) fails with {@link UnencodableCommandException} and sends nothing.
     */
    CompletableFuture<Void> sendCommands(List<CommandRecord> records) {
        byte[][] values = new byte[records.size()][];
        for (int i = 0; i < records.size(); i++) {
            try {
                values[i] = commands.serialize(topics.commands(), records.get(i));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(new UnencodableCommandException(e));
            }
        }
        CompletableFuture<?>[] sends = new CompletableFuture<?>[records.size()];
        for (int i = 0; i < records.size(); i++) {
            sends[i] = send(new ProducerRecord<>(topics.commands(), records.get(i).transferId().encodeBytes(),
                    values[i]));
        }
        return CompletableFuture.allOf(sends);
    }

    CompletableFuture<Void> sendResponse(ResponseRecord response) {
        return send(new ProducerRecord<>(topics.responses(), response.replyTo().clientId().getBytes(UTF_8),
                responses.serialize(topics.responses(), response)));
    }

    /** A {@link DeliveryMark} into the partition of the responses it covers. */
    CompletableFuture<Void> sendMark(DeliveryMark mark) {
        return send(mark.toRecord(topics.responses()));
    }

    private CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(error);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /** A command whose records cannot be written; answered to the device, never retried. */
    static final class UnencodableCommandException extends RuntimeException {
        UnencodableCommandException(Throwable cause) {
            super("command cannot be encoded: " + cause.getMessage(), cause);
        }
    }
}
