package io.ferry.bridge;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.ferry.broker.BrokerConfig;
import io.ferry.broker.FerryBroker;
import io.ferry.protocol.CommandRecord;
import io.ferry.protocol.FerrySerdes;
import io.ferry.protocol.ResponseRecord;
import io.ferry.protocol.TransferId;
import io.ferry.protocol.Topics;
import io.ferry.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Real broker, real Kafka, real bridges and devices for the bridge's integration tests. */
final class BridgeFixture {
    static final String BRIDGE_PASSWORD = "it-bridge-secret";

    private BridgeFixture() {
    }

    static FerryBroker startBroker(Path dataDir) {
        return FerryBroker.start(BrokerConfig.ephemeral(dataDir, BRIDGE_PASSWORD));
    }

    static BridgeConfig bridgeConfig(FerryBroker broker, KafkaFixture kafka, Topics topics, int subSegmentBytes) {
        return new BridgeConfig(
                new MqttConfig("127.0.0.1", broker.port(), MqttConfig.randomClientId(), MqttConfig.DEFAULT_USERNAME,
                        BRIDGE_PASSWORD, Duration.ofMinutes(5), 16),
                new KafkaConfig(kafka.bootstrapServers(), Map.of(), Map.of(), KafkaFixture.uniqueId("responses")),
                topics, BridgeConfig.DEFAULT_MAX_SEGMENT_BYTES, subSegmentBytes);
    }

    static Mqtt5BlockingClient device(FerryBroker broker, String clientId) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        client.connect();
        return client;
    }

    static Mqtt3BlockingClient deviceV3(FerryBroker broker, String clientId) {
        Mqtt3BlockingClient client = MqttClient.builder().useMqttVersion3().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        client.connect();
        return client;
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

        List<ConsumerRecord<byte[], byte[]>> poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return records;
        }

        List<CommandRecord> commands() {
            return poll().stream().map(r -> FerrySerdes.commands().deserializer().deserialize(r.topic(), r.value()))
                    .toList();
        }

        List<TransferId> keys() {
            return poll().stream().map(r -> TransferId.decode(r.key())).toList();
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
}
