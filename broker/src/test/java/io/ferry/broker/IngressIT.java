package io.ferry.broker;

import static io.ferry.broker.IngressFixture.uniqueClientId;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.ferry.protocol.CommandKind;
import io.ferry.records.CommandRecord;
import io.ferry.records.DeliveryMark;
import io.ferry.protocol.Fin;
import io.ferry.records.FerrySerdes;
import io.ferry.protocol.Init;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.records.ResponseRecord;
import io.ferry.protocol.Segment;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferId;
import io.ferry.testing.ForgedProperties;
import io.ferry.testing.KafkaFixture;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Devices → the real Ferry broker node → real Kafka, and responses from Kafka back to the devices. */
class IngressIT {
    private static final int SUB_SEGMENT = 64 * 1024;

    @RegisterExtension
    @Order(1)
    static final KafkaFixture KAFKA = new KafkaFixture();
    @RegisterExtension
    @Order(2)
    static final BrokerNode NODE = new BrokerNode(KAFKA, 2, config -> config.withIngress(config.ingress().withSubSegmentBytes(SUB_SEGMENT)));

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void shouldWriteKeyedCommandRecordsInPublishOrderWhenDeviceUploadsInitSegmentAndFin() {
        String clientId = uniqueClientId("uploader");
        Mqtt5BlockingClient device = device(clientId);
        byte[] data = "hello, ferry".getBytes(UTF_8);
        Sha256 sum = Sha256.digest(data);

        publish(device, "$file/file-1/init", "{\"name\":\"hello.txt\",\"size\":12}".getBytes(UTF_8));
        publish(device, "$file/file-1/0/" + sum, data);
        publish(device, "$file-async/file-1/fin/12/" + sum, new byte[0]);

        IngressFixture.TopicReader commands = reader(NODE.topics().commands());
        // The PUBACK came after Kafka's acknowledgement, so the records are there already.
        List<CommandRecord> records = commands.commands(clientId);
        assertThat(records).extracting(record -> record.command().kind())
                .containsExactly(CommandKind.INIT, CommandKind.SEGMENT, CommandKind.FIN);
        TransferId transfer = new TransferId(clientId, "file-1");
        assertThat(records).allSatisfy(record -> {
            assertThat(record.replyTo().clientId()).isEqualTo(clientId);
            assertThat(record.replyTo().packetId()).isBetween(1, 65535);
            assertThat(record.transferId()).isEqualTo(transfer);
        });
        assertThat(((Init) records.get(0).command()).meta().name()).isEqualTo("hello.txt");
        Segment segment = (Segment) records.get(1).command();
        assertThat(segment.offset()).isZero();
        assertThat(segment.payloadBytes()).isEqualTo(data);
        assertThat(records.get(1).replyTo().topic()).isEqualTo("$file/file-1/0/" + sum);
        assertThat(((Fin) records.get(2).command()).size()).isEqualTo(12);
        assertThat(records.get(2).replyTo().topic()).isEqualTo("$file-async/file-1/fin/12/" + sum);
    }

    @Test
    void shouldTakeClientIdFromConnectionWhenDeviceSendsForgedIdentityProperties() {
        String clientId = uniqueClientId("honest");
        Mqtt5BlockingClient device = device(clientId);

        device.publishWith().topic("$file/forged/abort").qos(MqttQos.AT_LEAST_ONCE)
                .userProperties().add(ForgedProperties.CLIENT_ID, "victim").applyUserProperties().send();

        IngressFixture.TopicReader commands = reader(NODE.topics().commands());
        assertThat(commands.commands(clientId)).singleElement()
                .satisfies(record -> assertThat(record.transferId()).isEqualTo(new TransferId(clientId, "forged")));
        assertThat(commands.commands("victim")).isEmpty();
    }

    @Test
    void shouldAnswerWithPubackReasonAndResponseWhenSyncCommandFailsStatelessChecks() throws Exception {
        String clientId = uniqueClientId("sloppy");
        Mqtt5BlockingClient device = device(clientId);
        Mqtt5BlockingClient.Mqtt5Publishes inbox = inbox(device, "$file-response/" + clientId);
        String wrongSum = Sha256.digest("other".getBytes(UTF_8)).toString();

        assertThat(TestClients.pubAck(device, "$file/f/a/b/c", new byte[0])).isEqualTo(Mqtt5PubAckReasonCode.UNSPECIFIED_ERROR);
        assertThat(TestClients.pubAck(device, "$file/f/init", "{not json".getBytes(UTF_8)))
                .isEqualTo(Mqtt5PubAckReasonCode.UNSPECIFIED_ERROR);
        assertThat(TestClients.pubAck(device, "$file/f/0/" + wrongSum, "data".getBytes(UTF_8)))
                .isEqualTo(Mqtt5PubAckReasonCode.UNSPECIFIED_ERROR);
        // The async prefix answers by response only, as EMQX does.
        assertThat(TestClients.pubAck(device, "$file-async/f/0/" + wrongSum, "data".getBytes(UTF_8)))
                .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);

        List<Response> answers = List.of(response(inbox), response(inbox), response(inbox), response(inbox));
        assertThat(answers).extracting(Response::topic, Response::reasonDescription, Response::reasonCode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("$file/f/a/b/c", "invalid_file_command", 128),
                        org.assertj.core.groups.Tuple.tuple("$file/f/init", "invalid_filemeta_json", 128),
                        org.assertj.core.groups.Tuple.tuple("$file/f/0/" + wrongSum, "checksum_mismatch", 128),
                        org.assertj.core.groups.Tuple.tuple("$file-async/f/0/" + wrongSum, "checksum_mismatch",
                                128));
        assertThat(answers).allSatisfy(answer -> assertThat(answer.packetId()).isPositive());
        publish(device, "$file/f/abort", new byte[0]);
        assertThat(reader(NODE.topics().commands()).commands(clientId)).singleElement()
                .satisfies(record -> assertThat(record.command().kind()).isEqualTo(CommandKind.ABORT));
    }

    @Test
    void shouldRefuseInitNestedTooDeepWithoutWedgingTheDevice() throws Exception {
        String clientId = uniqueClientId("nested");
        Mqtt5BlockingClient device = device(clientId);
        Mqtt5BlockingClient.Mqtt5Publishes inbox = inbox(device, "$file-response/" + clientId);
        String deep = "{\"name\":\"n.bin\",\"user_data\":" + "[".repeat(999) + "]".repeat(999) + "}";

        Mqtt5PubAckReasonCode code = TestClients.pubAck(device, "$file/deep/init", deep.getBytes(UTF_8));
        publish(device, "$file/deep/abort", new byte[0]);

        assertThat(code).isEqualTo(Mqtt5PubAckReasonCode.UNSPECIFIED_ERROR);
        Response first = response(inbox);
        assertThat(first.topic()).isEqualTo("$file/deep/init");
        assertThat(first.reasonCode()).isEqualTo(128);
        assertThat(reader(NODE.topics().commands()).commands(clientId)).extracting(record -> record.command().kind())
                .containsExactly(CommandKind.ABORT);
    }

    @Test
    void shouldRefuseInitWhoseUserDataNestsPastTheLimitThoughJacksonWouldParseIt() throws Exception {
        String clientId = uniqueClientId("deep-user-data");
        Mqtt5BlockingClient device = device(clientId);
        Mqtt5BlockingClient.Mqtt5Publishes inbox = inbox(device, "$file-response/" + clientId);
        // 998 levels: within Jackson's 1000, so this passed ingest and then broke every listing page holding it.
        String deep = "{\"name\":\"n.bin\",\"user_data\":" + "[".repeat(998) + "]".repeat(998) + "}";

        Mqtt5PubAckReasonCode code = TestClients.pubAck(device, "$file/deep998/init", deep.getBytes(UTF_8));
        publish(device, "$file/deep998/abort", new byte[0]);

        assertThat(code).isEqualTo(Mqtt5PubAckReasonCode.UNSPECIFIED_ERROR);
        Response first = response(inbox);
        assertThat(first.topic()).isEqualTo("$file/deep998/init");
        assertThat(first.reasonDescription()).isEqualTo("invalid_filemeta");
        assertThat(reader(NODE.topics().commands()).commands(clientId)).extracting(record -> record.command().kind())
                .containsExactly(CommandKind.ABORT);
    }

    @Test
    void shouldHonourResponseTopicAndCorrelationDataWhenV5DeviceSetsThem() throws Exception {
        String clientId = uniqueClientId("requester");
        Mqtt5BlockingClient device = device(clientId);
        Mqtt5BlockingClient.Mqtt5Publishes inbox = inbox(device, "replies/" + clientId);

        device.publishWith().topic("$file-async/f/9/init").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[0])
                .responseTopic("replies/" + clientId).correlationData("req-1".getBytes(UTF_8)).send();
        IngressFixture.produceResponse(KAFKA, NODE.topics(), ResponseRecord.of(new ReplyTo(clientId, "$file/f/fin/0", 7,
                "replies/" + clientId, "req-2".getBytes(UTF_8)), Reason.SUCCESS));

        List<Mqtt5Publish> received = List.of(TestClients.receive(inbox), TestClients.receive(inbox));
        assertThat(received).allSatisfy(publish -> assertThat(publish.getTopic().toString())
                .isEqualTo("replies/" + clientId));
        assertThat(received).extracting(publish -> new String(bytes(publish.getCorrelationData()), UTF_8))
                .containsExactly("req-1", "req-2");
        Response fromKafka = Response.fromJson(received.get(1).getPayloadAsBytes());
        assertThat(fromKafka).isEqualTo(Response.of(new ReplyTo(clientId, "$file/f/fin/0", 7, null, null),
                Reason.SUCCESS));
    }

    @Test
    void shouldDeliverResponseToDefaultTopicWhenDeviceSpeaksMqtt3() throws Exception {
        String clientId = uniqueClientId("v3");
        Mqtt3BlockingClient device = TestClients.deviceV3(NODE.broker(), clientId);
        cleanup.add(device::disconnect);
        Mqtt3BlockingClient.Mqtt3Publishes inbox = device.publishes(MqttGlobalPublishFilter.ALL);
        cleanup.add(inbox::close);
        device.subscribeWith().topicFilter("$file-response/" + clientId).qos(MqttQos.AT_LEAST_ONCE).send();

        IngressFixture.produceResponse(KAFKA, NODE.topics(), ResponseRecord.of(new ReplyTo(clientId, "$file/f/fin/5", 3,
                null, null), Reason.INCOMPLETE));

        Optional<Mqtt3Publish> received = inbox.receive(60, TimeUnit.SECONDS);
        assertThat(received).isPresent();
        Response response = Response.fromJson(received.get().getPayloadAsBytes());
        assertThat(response.reasonDescription()).isEqualTo("incomplete");
        assertThat(response.topic()).isEqualTo("$file/f/fin/5");
        assertThat(response.packetId()).isEqualTo(3);
    }

    @Test
    void shouldDeliverResponseProducedWhileDeviceWasAwayWhenItComesBack() throws Exception {
        String clientId = uniqueClientId("roamer");
        IngressFixture.produceResponse(KAFKA, NODE.topics(), ResponseRecord.of(new ReplyTo(clientId, "$file/r/fin/5", 11,
                null, null), Reason.SUCCESS));
        IngressFixture.TopicReader responses = reader(NODE.topics().responses());
        await().until(() -> responses.responses(clientId).size() == 1);

        Mqtt5BlockingClient device = device(clientId);
        Mqtt5BlockingClient.Mqtt5Publishes inbox = inbox(device, "$file-response/" + clientId);

        Response response = response(inbox);
        assertThat(response.topic()).isEqualTo("$file/r/fin/5");
        assertThat(response.packetId()).isEqualTo(11);
        // ...and this node told the others that it delivered it.
        await().until(() -> responses.marks(clientId) >= 1);
    }

    @Test
    void shouldNotDeliverResponseAgainWhenAnotherNodeMarkedItDelivered() throws Exception {
        String clientId = uniqueClientId("marked");
        IngressFixture.produceResponse(KAFKA, NODE.topics(), ResponseRecord.of(new ReplyTo(clientId, "$file/m/fin/1", 1,
                null, null), Reason.SUCCESS));
        IngressFixture.TopicReader responses = reader(NODE.topics().responses());
        await().until(() -> responses.responses(clientId).size() == 1);
        var delivered = responses.poll().stream()
                .filter(r -> new String(r.key(), UTF_8).equals(clientId)).findFirst().orElseThrow();
        IngressFixture.produce(KAFKA, new DeliveryMark(clientId, delivered.partition(), delivered.offset())
                .toRecord(NODE.topics().responses()));
        IngressFixture.produceResponse(KAFKA, NODE.topics(), ResponseRecord.of(new ReplyTo(clientId, "$file/m/fin/2", 2,
                null, null), Reason.SUCCESS));
        await().until(() -> responses.responses(clientId).size() == 2);

        Mqtt5BlockingClient device = device(clientId);
        Mqtt5BlockingClient.Mqtt5Publishes inbox = inbox(device, "$file-response/" + clientId);

        // The marked response would have come first: the first one to arrive proves it is not delivered again.
        assertThat(response(inbox).topic()).isEqualTo("$file/m/fin/2");
    }

    @Test
    void shouldWriteSegmentAsPartsWhenLargerThanSubSegmentSize() {
        String clientId = uniqueClientId("big");
        Mqtt5BlockingClient device = device(clientId);
        byte[] data = new byte[200 * 1024];
        new Random(7).nextBytes(data);

        publish(device, "$file/big/4096/" + Sha256.digest(data), data);

        List<CommandRecord> parts = reader(NODE.topics().commands()).commands(clientId);
        assertThat(parts).hasSize(4);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < parts.size(); i++) {
            Segment part = (Segment) parts.get(i).command();
            assertThat(parts.get(i).part()).isEqualTo(i);
            assertThat(parts.get(i).parts()).isEqualTo(4);
            assertThat(part.offset()).isEqualTo(4096 + (long) SUB_SEGMENT * i);
            joined.writeBytes(part.payloadBytes());
        }
        assertThat(joined.toByteArray()).isEqualTo(data);
        assertThat(parts).allSatisfy(part -> assertThat(part.transferId()).isEqualTo(new TransferId(clientId, "big")));
    }

    @Test
    void shouldIgnoreResponseRecordsItCannotReadAndDeliverTheNextOne() throws Exception {
        String clientId = uniqueClientId("poison");
        ProducerRecord<byte[], byte[]> garbage = new ProducerRecord<>(NODE.topics().responses(), clientId.getBytes(UTF_8),
                "{not a response".getBytes(UTF_8));
        garbage.headers().add(new RecordHeader("unrelated", new byte[0]));
        IngressFixture.produce(KAFKA, garbage);
        Mqtt5BlockingClient device = device(clientId);
        Mqtt5BlockingClient.Mqtt5Publishes inbox = inbox(device, "$file-response/" + clientId);

        IngressFixture.produceResponse(KAFKA, NODE.topics(), ResponseRecord.of(new ReplyTo(clientId, "$file/p/abort", 4,
                null, null), Reason.SUCCESS));

        assertThat(response(inbox).topic()).isEqualTo("$file/p/abort");
        assertThat(NODE.broker().isHealthy()).isTrue();
    }

    @Test
    void shouldNeverDeliverResponseWrittenInAbortedTransactionToDevice() throws Exception {
        String clientId = uniqueClientId("aborted");
        Mqtt5BlockingClient device = device(clientId);
        Mqtt5BlockingClient.Mqtt5Publishes inbox = inbox(device, "$file-response/" + clientId);
        ResponseRecord aborted = ResponseRecord.of(new ReplyTo(clientId, "$file/t/fin/1", 1, null, null),
                Reason.SUCCESS);
        ResponseRecord committed = ResponseRecord.of(new ReplyTo(clientId, "$file/t/fin/2", 2, null, null),
                Reason.EXPORT_FAILED);

        // As the assembler and exporter write results: in transactions, one of which aborts after reaching the log.
        try (KafkaProducer<byte[], byte[]> tx = new KafkaProducer<>(Map.of("bootstrap.servers",
                KAFKA.bootstrapServers(), "transactional.id", KafkaFixture.uniqueId("responses-tx")),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            tx.initTransactions();
            tx.beginTransaction();
            tx.send(responseRecord(aborted)).get();
            tx.flush();
            tx.abortTransaction();
            tx.beginTransaction();
            tx.send(responseRecord(committed)).get();
            tx.commitTransaction();
        }

        // The aborted one sits earlier in the same partition: had it been delivered, it would have come first.
        Response first = response(inbox);
        assertThat(first.topic()).isEqualTo("$file/t/fin/2");
        assertThat(first.reasonDescription()).isEqualTo("export_failed");
        assertThat(reader(NODE.topics().responses()).responses(clientId)).hasSize(2);
    }

    private static ProducerRecord<byte[], byte[]> responseRecord(ResponseRecord response) {
        return new ProducerRecord<>(NODE.topics().responses(), response.replyTo().clientId().getBytes(UTF_8),
                FerrySerdes.responses().serializer().serialize(NODE.topics().responses(), response));
    }

    private Mqtt5BlockingClient device(String clientId) {
        Mqtt5BlockingClient device = TestClients.device(NODE.broker(), clientId);
        cleanup.add(device::disconnect);
        return device;
    }

    private Mqtt5BlockingClient.Mqtt5Publishes inbox(Mqtt5BlockingClient device, String filter) {
        Mqtt5BlockingClient.Mqtt5Publishes inbox = device.publishes(MqttGlobalPublishFilter.ALL);
        cleanup.add(inbox::close);
        device.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        return inbox;
    }

    private IngressFixture.TopicReader reader(String topic) {
        IngressFixture.TopicReader reader = new IngressFixture.TopicReader(KAFKA, topic);
        cleanup.add(reader);
        return reader;
    }

    private static void publish(Mqtt5BlockingClient device, String topic, byte[] payload) {
        device.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    }

    private static Response response(Mqtt5BlockingClient.Mqtt5Publishes inbox) throws InterruptedException {
        return Response.fromJson(TestClients.receive(inbox).getPayloadAsBytes());
    }

    private static byte[] bytes(Optional<ByteBuffer> buffer) {
        ByteBuffer copy = buffer.orElseThrow().duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
