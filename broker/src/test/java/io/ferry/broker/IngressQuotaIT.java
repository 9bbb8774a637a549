package io.ferry.broker;

import static io.ferry.broker.IngressFixture.uniqueClientId;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.ferry.records.ClientUsageRecord;
import io.ferry.protocol.CommandKind;
import io.ferry.records.FerrySerdes;
import io.ferry.protocol.Segment;
import io.ferry.testing.KafkaFixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15 item 10: a segment of a client whose unexported bytes (summed over the assembler's partitions, as
 * published on ferry.usage) reach its quota is refused at the broker node and never written to ferry.commands.
 */
class IngressQuotaIT {
    @RegisterExtension
    @Order(1)
    static final KafkaFixture KAFKA = new KafkaFixture();
    @RegisterExtension
    @Order(2)
    static final BrokerNode NODE = new BrokerNode(KAFKA, 2);

    @Test
    void shouldRefuseSegmentsBeforeKafkaWhileTheClientsBytesReachItsQuota() throws Exception {
        String clientId = uniqueClientId("full");
        // Two assembler partitions together hold the client's whole 1000-byte quota.
        usage(clientId, 0, new ClientUsageRecord(clientId, 0, 1, 600, 1000, 0, 0));
        usage(clientId, 1, new ClientUsageRecord(clientId, 1, 1, 400, 1000, 0, 0));
        Mqtt5BlockingClient device = TestClients.device(NODE.broker(), clientId);
        try {
            AtomicInteger offset = new AtomicInteger();
            // The node reads ferry.usage in the background: until it has, segments still go to Kafka.
            await().atMost(Duration.ofSeconds(60)).until(() -> TestClients.pubAck(device,
                    "$file/f/" + offset.incrementAndGet(), "data".getBytes(UTF_8))
                    == Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
            int refused = offset.get();
            IngressFixture.TopicReader commands = new IngressFixture.TopicReader(KAFKA, NODE.topics().commands());
            assertThat(commands.commands(clientId)).extracting(record -> ((Segment) record.command()).offset())
                    .doesNotContain((long) refused);
            // Other commands still pass (the assembler answers them); only bytes are refused here.
            assertThat(TestClients.pubAck(device, "$file/f/abort", new byte[0]))
                    .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            assertThat(new IngressFixture.TopicReader(KAFKA, NODE.topics().commands()).commands(clientId))
                    .extracting(record -> record.command().kind()).endsWith(CommandKind.ABORT);

            // The assembler freed one partition: segments are taken again.
            usage(clientId, 1, null);
            await().atMost(Duration.ofSeconds(60)).until(() -> TestClients.pubAck(device,
                    "$file/g/" + offset.incrementAndGet(), "data".getBytes(UTF_8)) == Mqtt5PubAckReasonCode.SUCCESS);
        } finally {
            device.disconnect();
        }
    }

    private static void usage(String clientId, int partition, ClientUsageRecord record) throws Exception {
        Map<String, Object> config = new HashMap<>(KAFKA.clientConfig());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(NODE.topics().usage(), ClientUsageRecord.key(clientId, partition),
                    record == null ? null : FerrySerdes.usage().serializer().serialize(NODE.topics().usage(), record))).get();
        }
    }
}
