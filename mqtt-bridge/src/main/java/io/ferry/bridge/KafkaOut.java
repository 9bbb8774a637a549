package io.ferry.bridge;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ferry.protocol.CommandRecord;
import io.ferry.protocol.FerrySerdes;
import io.ferry.protocol.ResponseRecord;
import io.ferry.protocol.TopicAdmin;
import io.ferry.protocol.Topics;
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

/** Writes accepted commands (key: transfer id) and stateless answers (key: clientId) to Kafka. */
final class KafkaOut implements AutoCloseable {
    private final Producer<byte[], byte[]> producer;
    private final Topics topics;
    private final Serializer<ResponseRecord> responses = FerrySerdes.responses().serializer();
    private final Serializer<CommandRecord> commands = FerrySerdes.commands().serializer();

    KafkaOut(KafkaConfig config, Topics topics, String clientId) {
        this(new KafkaProducer<>(producerConfig(config, clientId), new ByteArraySerializer(),
                new ByteArraySerializer()), topics);
    }

    KafkaOut(Producer<byte[], byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    static Map<String, Object> producerConfig(KafkaConfig config, String clientId) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        properties.putAll(config.producer());
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        // What "acked to the device's broker only once Kafka has it" rests on; not overridable.
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        int maxRequest = Integer.parseInt(String.valueOf(properties.getOrDefault(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "0")));
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                Integer.toString(Math.max(maxRequest, TopicAdmin.MAX_MESSAGE_BYTES)));
        return properties;
    }

    /** Completes when Kafka acknowledged every record, in order, of one command. */
    CompletableFuture<Void> sendCommands(List<CommandRecord> records) {
        CompletableFuture<?>[] sends = new CompletableFuture<?>[records.size()];
        for (int i = 0; i < records.size(); i++) {
            CommandRecord record = records.get(i);
            sends[i] = send(new ProducerRecord<>(topics.commands(), record.transferId().encodeBytes(),
                    commands.serialize(topics.commands(), record)));
        }
        return CompletableFuture.allOf(sends);
    }

    CompletableFuture<Void> sendResponse(ResponseRecord response) {
        return send(new ProducerRecord<>(topics.responses(), response.replyTo().clientId().getBytes(UTF_8),
                responses.serialize(topics.responses(), response)));
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
        producer.close();
    }
}
