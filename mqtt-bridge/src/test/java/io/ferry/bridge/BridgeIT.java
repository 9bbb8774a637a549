package io.ferry.bridge;

import static io.ferry.bridge.BridgeFixture.uniqueClientId;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.ferry.broker.FerryBroker;
import io.ferry.protocol.CommandKind;
import io.ferry.protocol.CommandRecord;
import io.ferry.protocol.Fin;
import io.ferry.protocol.Init;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.protocol.ResponseRecord;
import io.ferry.protocol.Segment;
import io.ferry.protocol.Sha256;
import io.ferry.protocol.Topics;
import io.ferry.protocol.TransferId;
import io.ferry.testing.KafkaFixture;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Devices → real Ferry broker → bridge → real Kafka, and responses back. */
class BridgeIT {
    private static final int SEGMENTS = 300;
    private static final int SEGMENT_BYTES = 4096;

    @RegisterExtension
    static final KafkaFixture KAFKA = new KafkaFixture();
    @TempDir
    static Path dataDir;
    static FerryBroker broker;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = BridgeFixture.startBroker(dataDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void shouldWriteKeyedCommandRecordsWhenDeviceUploadsInitSegmentAndFin() throws Exception {
        Topics topics = KAFKA.newTopics(2);
        startBridge(topics, BridgeConfig.DEFAULT_SUB_SEGMENT_BYTES);
        String clientId = uniqueClientId("uploader");
        Mqtt5BlockingClient device = device(clientId);
        byte[] data = "hello, ferry".getBytes(UTF_8);
        Sha256 sum = Sha256.digest(data);

        publish(device, "$file/file-1/init", "{\"name\":\"hello.txt\",\"size\":12}".getBytes(UTF_8));
        publish(device, "$file/file-1/0/" + sum, data);
        publish(device, "$file-async/file-1/fin/12/" + sum, new byte[0]);

        BridgeFixture.TopicReader commands = reader(topics.commands());
        await().until(() -> commands.commands().size() == 3);
        TransferId transfer = new TransferId(clientId, "file-1");
        assertThat(commands.keys()).containsOnly(transfer);
        // $file/ and $file-async/ are two shared subscriptions, so their relative order is not kept.
        List<CommandRecord> records = commands.commands().stream()
                .sorted(java.util.Comparator.comparing(record -> record.command().kind())).toList();
        assertThat(records).extracting(record -> record.command().kind())
                .containsExactly(CommandKind.INIT, CommandKind.SEGMENT, CommandKind.FIN);
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
    void shouldAnswerDeviceAndForwardNothingWhenCommandFailsStatelessChecks() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        startBridge(topics, BridgeConfig.DEFAULT_SUB_SEGMENT_BYTES);
        String clientId = uniqueClientId("sloppy");
        Mqtt5BlockingClient device = device(clientId);
        Mqtt5BlockingClient.Mqtt5Publishes inbox = device.publishes(MqttGlobalPublishFilter.ALL);
        cleanup.add(inbox::close);
        device.subscribeWith().topicFilter("$file-response/" + clientId).qos(MqttQos.AT_LEAST_ONCE).send();
        String wrongSum = Sha256.digest("other".getBytes(UTF_8)).toString();

        publish(device, "$file/f/a/b/c", new byte[0]);
        publish(device, "$file/f/init", "{not json".getBytes(UTF_8));
        publish(device, "$file/f/0/" + wrongSum, "data".getBytes(UTF_8));

        List<Response> answers = List.of(response(inbox), response(inbox), response(inbox));
        assertThat(answers).extracting(Response::topic, Response::reasonDescription, Response::reasonCode)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("$file/f/a/b/c", "invalid_file_command", 128),
                        org.assertj.core.groups.Tuple.tuple("$file/f/init", "invalid_filemeta_json", 128),
                        org.assertj.core.groups.Tuple.tuple("$file/f/0/" + wrongSum, "checksum_mismatch", 128));
        assertThat(answers).allSatisfy(answer -> assertThat(answer.packetId()).isPositive());
        publish(device, "$file/f/abort", new byte[0]);
        BridgeFixture.TopicReader commands = reader(topics.commands());
        await().until(() -> !commands.commands().isEmpty());
        assertThat(commands.commands()).singleElement()
                .satisfies(record -> assertThat(record.command().kind()).isEqualTo(CommandKind.ABORT));
    }

    @Test
    void shouldHonourResponseTopicAndCorrelationDataWhenV5DeviceSetsThem() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        startBridge(topics, BridgeConfig.DEFAULT_SUB_SEGMENT_BYTES);
        String clientId = uniqueClientId("requester");
        Mqtt5BlockingClient device = device(clientId);
        Mqtt5BlockingClient.Mqtt5Publishes inbox = device.publishes(MqttGlobalPublishFilter.ALL);
        cleanup.add(inbox::close);
        device.subscribeWith().topicFilter("replies/" + clientId).qos(MqttQos.AT_LEAST_ONCE).send();

        device.publishWith().topic("$file/f/9/init").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[0])
                .responseTopic("replies/" + clientId).correlationData("req-1".getBytes(UTF_8)).send();
        BridgeFixture.produceResponse(KAFKA, topics, ResponseRecord.of(new ReplyTo(clientId, "$file/f/fin/0", 7,
                "replies/" + clientId, "req-2".getBytes(UTF_8)), Reason.SUCCESS));

        List<Mqtt5Publish> received = List.of(receive(inbox), receive(inbox));
        assertThat(received).allSatisfy(publish -> assertThat(publish.getTopic().toString())
                .isEqualTo("replies/" + clientId));
        assertThat(received).extracting(publish -> new String(bytes(publish.getCorrelationData()), UTF_8))
                .containsExactlyInAnyOrder("req-1", "req-2");
        Response fromKafka = received.stream()
                .filter(publish -> new String(bytes(publish.getCorrelationData()), UTF_8).equals("req-2"))
                .map(publish -> Response.fromJson(publish.getPayloadAsBytes())).findFirst().orElseThrow();
        assertThat(fromKafka).isEqualTo(Response.of(new ReplyTo(clientId, "$file/f/fin/0", 7, null, null),
                Reason.SUCCESS));
    }

    @Test
    void shouldDeliverResponseToDefaultTopicWhenDeviceSpeaksMqtt3() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        startBridge(topics, BridgeConfig.DEFAULT_SUB_SEGMENT_BYTES);
        String clientId = uniqueClientId("v3");
        Mqtt3BlockingClient device = BridgeFixture.deviceV3(broker, clientId);
        cleanup.add(device::disconnect);
        Mqtt3BlockingClient.Mqtt3Publishes inbox = device.publishes(MqttGlobalPublishFilter.ALL);
        cleanup.add(inbox::close);
        device.subscribeWith().topicFilter("$file-response/" + clientId).qos(MqttQos.AT_LEAST_ONCE).send();

        BridgeFixture.produceResponse(KAFKA, topics, ResponseRecord.of(new ReplyTo(clientId, "$file/f/fin/5", 3,
                null, null), Reason.INCOMPLETE));

        Optional<Mqtt3Publish> received = inbox.receive(60, TimeUnit.SECONDS);
        assertThat(received).isPresent();
        Response response = Response.fromJson(received.get().getPayloadAsBytes());
        assertThat(response.reasonDescription()).isEqualTo("incomplete");
        assertThat(response.topic()).isEqualTo("$file/f/fin/5");
        assertThat(response.packetId()).isEqualTo(3);
    }

    @Test
    void shouldWriteSegmentAsPartsWhenLargerThanSubSegmentSize() throws Exception {
        Topics topics = KAFKA.newTopics(1);
        startBridge(topics, 64 * 1024);
        String clientId = uniqueClientId("big");
        Mqtt5BlockingClient device = device(clientId);
        byte[] data = new byte[200 * 1024];
        new Random(7).nextBytes(data);

        publish(device, "$file/big/4096/" + Sha256.digest(data), data);

        BridgeFixture.TopicReader commands = reader(topics.commands());
        await().until(() -> commands.commands().size() == 4);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        List<CommandRecord> parts = commands.commands();
        for (int i = 0; i < parts.size(); i++) {
            Segment part = (Segment) parts.get(i).command();
            assertThat(parts.get(i).part()).isEqualTo(i);
            assertThat(parts.get(i).parts()).isEqualTo(4);
            assertThat(part.offset()).isEqualTo(4096 + 65536L * i);
            joined.writeBytes(part.payloadBytes());
        }
        assertThat(joined.toByteArray()).isEqualTo(data);
        assertThat(commands.keys()).containsOnly(new TransferId(clientId, "big"));
    }

    @Test
    void shouldRefuseToStartWhenBrokerRejectsBridgeCredentials() {
        BridgeConfig good = BridgeFixture.bridgeConfig(broker, KAFKA, KAFKA.newTopics(1),
                BridgeConfig.DEFAULT_SUB_SEGMENT_BYTES);
        MqttConfig m = good.mqtt();
        BridgeConfig wrong = new BridgeConfig(new MqttConfig(m.host(), m.port(), m.clientId(), m.username(), "wrong",
                m.sessionExpiry(), m.inFlight()), good.kafka(), good.topics(), good.maxSegmentBytes(),
                good.subSegmentBytes());

        assertThatThrownBy(() -> MqttBridge.start(wrong)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not subscribe");
    }

    /** DESIGN.md "Bridge killed mid-upload": every command a device got a PUBACK for ends up in Kafka. */
    @Test
    void shouldHaveEveryPubackedCommandInKafkaWhenBridgeIsReplacedMidUpload() {
        Topics topics = KAFKA.newTopics(2);
        await().until(() -> broker.ingress().bridgedFilters().isEmpty());
        BridgeConfig config = BridgeFixture.bridgeConfig(broker, KAFKA, topics, BridgeConfig.DEFAULT_SUB_SEGMENT_BYTES);
        MqttBridge first = MqttBridge.start(config);
        Mqtt5AsyncClient device = BridgeFixture.device(broker, BridgeFixture.uniqueClientId("steady")).toAsync();
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        Set<Long> refused = ConcurrentHashMap.newKeySet();
        CountDownLatch firstGone = new CountDownLatch(1);
        CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> publishAll(device, acked, refused,
                firstGone));

        try (BridgeFixture.TopicReader commands = new BridgeFixture.TopicReader(KAFKA, topics.commands())) {
            await().until(() -> commands.commands().size() >= 50);
            // Mid-stream: commands delivered to it and not yet acknowledged stay with the broker.
            first.closeAbruptly();
            firstGone.countDown();
            await().until(() -> broker.ingress().held() > 0);
            // A replacement with its own clientId, as after a crash with a random id.
            try (MqttBridge second = MqttBridge.start(config.withClientId())) {
                await().atMost(Duration.ofMinutes(1)).until(upload::isDone);
                assertThat(refused).isEmpty();
                assertThat(acked).hasSize(SEGMENTS);
                await().atMost(Duration.ofSeconds(30)).until(() -> offsets(commands).containsAll(offsetsOf(acked)));
                // Every command the broker counted was acknowledged by a bridge: none is stranded in the old session.
                await().until(() -> broker.ingress().backlogMessages() == 0);
                assertThat(commands.commands()).allSatisfy(record -> {
                    Segment segment = (Segment) record.command();
                    assertThat(segment.payload().getLong(0)).isEqualTo(segment.offset());
                });
            }
        } finally {
            device.disconnect().join();
        }
    }

    private static void publishAll(Mqtt5AsyncClient device, Set<Long> acked, Set<Long> refused,
                                   CountDownLatch firstGone) {
        Semaphore window = new Semaphore(20);
        for (long i = 0; i < SEGMENTS; i++) {
            if (i == SEGMENTS / 3) {
                awaitUninterruptibly(firstGone);
            }
            window.acquireUninterruptibly();
            long offset = i * SEGMENT_BYTES;
            byte[] payload = new byte[SEGMENT_BYTES];
            ByteBuffer.wrap(payload).putLong(offset);
            long index = i;
            device.publishWith().topic("$file/restart/" + offset).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                    .whenComplete((result, error) -> {
                        (error == null ? acked : refused).add(index);
                        window.release();
                    });
        }
        window.acquireUninterruptibly(20);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<Long> offsets(BridgeFixture.TopicReader commands) {
        return commands.commands().stream().map(CommandRecord::command).map(command -> ((Segment) command).offset())
                .collect(Collectors.toSet());
    }

    private static Set<Long> offsetsOf(Set<Long> indexes) {
        return indexes.stream().map(index -> index * SEGMENT_BYTES).collect(Collectors.toSet());
    }

    private MqttBridge startBridge(Topics topics, int subSegmentBytes) {
        MqttBridge bridge = MqttBridge.start(BridgeFixture.bridgeConfig(broker, KAFKA, topics, subSegmentBytes));
        cleanup.add(bridge);
        await().until(() -> broker.ingress().bridgedFilters().size() == 2);
        return bridge;
    }

    private Mqtt5BlockingClient device(String clientId) {
        Mqtt5BlockingClient device = BridgeFixture.device(broker, clientId);
        cleanup.add(device::disconnect);
        return device;
    }

    private BridgeFixture.TopicReader reader(String topic) {
        BridgeFixture.TopicReader reader = new BridgeFixture.TopicReader(KAFKA, topic);
        cleanup.add(reader);
        return reader;
    }

    private static void publish(Mqtt5BlockingClient device, String topic, byte[] payload) {
        device.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    }

    private static Mqtt5Publish receive(Mqtt5BlockingClient.Mqtt5Publishes inbox) throws InterruptedException {
        Optional<Mqtt5Publish> publish = inbox.receive(60, TimeUnit.SECONDS);
        assertThat(publish).as("a message within 60 s (a consumer group may take long to form on a loaded machine)").isPresent();
        return publish.get();
    }

    private static Response response(Mqtt5BlockingClient.Mqtt5Publishes inbox) throws InterruptedException {
        return Response.fromJson(receive(inbox).getPayloadAsBytes());
    }

    private static byte[] bytes(Optional<ByteBuffer> buffer) {
        ByteBuffer copy = buffer.orElseThrow().duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
