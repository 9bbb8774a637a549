package io.ferry.broker;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ferry.records.CommandRecord;
import io.ferry.records.FerrySerdes;
import io.ferry.records.ResponseRecord;
import io.ferry.records.Topics;
import io.ferry.records.TransferId;
import io.ferry.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A real Ferry broker node against a real Kafka, and readers of what it wrote. */
final class IngressFixture {
    private IngressFixture() {
    }

    static FerryBroker startBroker(Path dataDir, KafkaFixture kafka, Topics topics) {
        return startBroker(dataDir, kafka, topics, UnaryOperator.identity());
    }

    static FerryBroker startBroker(Path dataDir, KafkaFixture kafka, Topics topics,
                                   UnaryOperator<ExtensionConfig> tune) {
        BrokerConfig config = BrokerConfig.ephemeral(dataDir, kafka.bootstrapServers(), topics);
        return FerryBroker.start(config.withExtension(tune.apply(config.extension())));
    }

    static String uniqueClientId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Everything in a topic so far, from the beginning. */
    static final class TopicReader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

        TopicReader(KafkaFixture kafka, String topic) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "20000000"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            // Assigned, not subscribed: no consumer group to join, so reading starts at once.
            consumer.assign(consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList());
        }

        /** Everything written to the topic up to now: reads until the end offsets of this moment. */
        List<ConsumerRecord<byte[], byte[]>> poll() {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            do {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            } while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline);
            return records;
        }

        /** The commands of one client's transfers, in Kafka order per transfer. */
        List<CommandRecord> commands(String clientId) {
            return poll().stream()
                    .filter(r -> TransferId.decode(r.key()).clientId().equals(clientId))
                    .map(r -> FerrySerdes.commands().deserializer().deserialize(r.topic(), r.value()))
                    .toList();
        }

        /** The responses (not delivery marks) for one client. */
        List<ResponseRecord> responses(String clientId) {
            return poll().stream()
                    .filter(r -> r.headers().lastHeader(io.ferry.records.DeliveryMark.HEADER) == null)
                    .filter(r -> new String(r.key(), UTF_8).equals(clientId))
                    .map(r -> FerrySerdes.responses().deserializer().deserialize(r.topic(), r.value()))
                    .toList();
        }

        /** How many delivery marks were written for one client. */
        long marks(String clientId) {
            return poll().stream()
                    .filter(r -> r.headers().lastHeader(io.ferry.records.DeliveryMark.HEADER) != null)
                    .filter(r -> new String(r.key(), UTF_8).equals(clientId))
                    .count();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    static void produceResponse(KafkaFixture kafka, Topics topics, ResponseRecord response) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.responses(), response.replyTo().clientId().getBytes(UTF_8),
                    FerrySerdes.responses().serializer().serialize(topics.responses(), response))).get();
        }
    }

    static void produce(KafkaFixture kafka, ProducerRecord<byte[], byte[]> record) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(record).get();
        }
    }
}
