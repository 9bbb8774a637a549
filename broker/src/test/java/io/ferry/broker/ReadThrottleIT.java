package io.ferry.broker;

import static io.ferry.broker.IngressFixture.uniqueClientId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.ferry.protocol.Segment;
import io.ferry.testing.KafkaFixture;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TCP back-pressure instead of disconnects: devices that pipeline far more than Ferry holds (64 segments of 1 MiB
 * written without waiting, against 2 MiB per connection and 4 MiB per node) are slowed down, never cut off, and the
 * node never holds much more than its limits. Also the pin on HiveMQ internals: if an upgrade breaks the handler's
 * installation, the peak below jumps to the whole upload.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadThrottleIT {
    private static final int SEGMENT = 1024 * 1024;
    private static final int SEGMENTS = 64;
    private static final long CLIENT_LIMIT = 2L * SEGMENT;
    private static final long NODE_LIMIT = 4L * SEGMENT;

    @RegisterExtension
    @Order(1)
    static final KafkaFixture KAFKA = new KafkaFixture();
    @RegisterExtension
    @Order(2)
    static final BrokerNode NODE = new BrokerNode(KAFKA, 2, config -> config.withIngress(config.ingress().withPending(CLIENT_LIMIT, NODE_LIMIT)));

    @Test
    void shouldAcceptEverySegmentWithinMemoryBoundWhenMqtt5DevicePipelinesFarBeyondTheLimits() {
        String clientId = uniqueClientId("pipeliner5");
        Mqtt5AsyncClient device = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(NODE.broker().port()).buildAsync();
        device.connect().join();
        long pausesBefore = NODE.broker().ingress().readPauses();
        try {
            List<CompletableFuture<Mqtt5PublishResult>> sends = new ArrayList<>();
            for (int i = 0; i < SEGMENTS; i++) {
                sends.add(device.publishWith().topic("$file/big/" + (long) i * SEGMENT).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(segment(i)).send());
            }

            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
            assertThat(sends).allSatisfy(send -> assertThat(send.join().getError()).isEmpty());
            assertThat(device.getState().isConnected()).isTrue();
            assertSegmentsInKafka(clientId);
            assertThat(NODE.broker().ingress().readPauses()).as("reading was paused").isGreaterThan(pausesBefore);
            assertThat(NODE.broker().ingress().peakPendingBytes())
                    .as("the node held at most about one connection's limit plus a packet in flight")
                    .isLessThanOrEqualTo(NODE_LIMIT + 2L * SEGMENT);
        } finally {
            device.disconnect().join();
        }
    }

    @Test
    void shouldAcceptEverySegmentWithoutDisconnectWhenMqtt3DevicePipelines() {
        String clientId = uniqueClientId("pipeliner3");
        Mqtt3AsyncClient device = MqttClient.builder().useMqttVersion3().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(NODE.broker().port()).buildAsync();
        device.connect().join();
        long pausesBefore = NODE.broker().ingress().readPauses();
        try {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (int i = 0; i < SEGMENTS; i++) {
                sends.add(device.publishWith().topic("$file/big/" + (long) i * SEGMENT).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(segment(i)).send());
            }

            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
            assertThat(device.getState().isConnected()).isTrue();
            assertSegmentsInKafka(clientId);
            assertThat(NODE.broker().ingress().readPauses()).as("reading was paused").isGreaterThan(pausesBefore);
            assertThat(NODE.broker().ingress().peakPendingBytes()).isLessThanOrEqualTo(NODE_LIMIT + 2L * SEGMENT);
        } finally {
            device.disconnect().join();
        }
    }

    @Test
    void shouldKeepServingOtherDevicesWhileOneFloodsTheNode() {
        Mqtt5AsyncClient flooder = MqttClient.builder().useMqttVersion5().identifier(uniqueClientId("flooder"))
                .serverHost("127.0.0.1").serverPort(NODE.broker().port()).buildAsync();
        Mqtt5AsyncClient quiet = MqttClient.builder().useMqttVersion5().identifier(uniqueClientId("quiet"))
                .serverHost("127.0.0.1").serverPort(NODE.broker().port()).buildAsync();
        flooder.connect().join();
        quiet.connect().join();
        try {
            AtomicInteger flooded = new AtomicInteger();
            List<CompletableFuture<?>> flood = new ArrayList<>();
            for (int i = 0; i < 2 * SEGMENTS; i++) {
                flood.add(flooder.publishWith().topic("$file/flood/" + (long) i * SEGMENT).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(segment(i)).send().thenRun(flooded::incrementAndGet));
            }
            await().until(() -> NODE.broker().ingress().pendingBytes() >= CLIENT_LIMIT);

            int acknowledgedBeforeQuietWasDone;
            for (int i = 0; i < 20; i++) {
                assertThat(quiet.publishWith().topic("$file/small-" + i + "/abort").qos(MqttQos.AT_LEAST_ONCE)
                        .send().join().getError()).isEmpty();
            }
            acknowledgedBeforeQuietWasDone = flooded.get();

            // The quiet device's 20 round trips went through while the flood was still being absorbed.
            assertThat(acknowledgedBeforeQuietWasDone).isLessThan(2 * SEGMENTS);
            CompletableFuture.allOf(flood.toArray(CompletableFuture[]::new)).join();
            assertThat(flooder.getState().isConnected()).isTrue();
        } finally {
            flooder.disconnect().join();
            quiet.disconnect().join();
        }
    }

    /** Last: its packets are larger than the others', and the peak it leaves would hide theirs. */
    @Test
    @Order(Integer.MAX_VALUE)
    void shouldRefuseOversizedSegmentsOneByOneWithoutDisconnectWhenDevicePipelinesThem() {
        String clientId = uniqueClientId("oversized");
        Mqtt5AsyncClient device = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(NODE.broker().port()).buildAsync();
        device.connect().join();
        byte[] tooLarge = new byte[IngressLimits.DEFAULT_MAX_SEGMENT_BYTES + 1024 * 1024];
        try {
            List<CompletableFuture<Mqtt5PublishResult>> sends = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                sends.add(device.publishWith().topic("$file/huge/" + (long) i * tooLarge.length)
                        .qos(MqttQos.AT_LEAST_ONCE).payload(tooLarge).send());
            }
            device.publishWith().topic("$file/huge/abort").qos(MqttQos.AT_LEAST_ONCE).send().join();

            assertThat(sends).allSatisfy(send -> assertThat(send.handle((result, error) -> error).join())
                    .isInstanceOfSatisfying(Mqtt5PubAckException.class, refused -> assertThat(
                            refused.getMqttMessage().getReasonString().map(Object::toString))
                            .contains("segment_too_large")));
            assertThat(device.getState().isConnected()).isTrue();
            assertThat(NODE.broker().ingress().peakPendingBytes()).isLessThanOrEqualTo(NODE_LIMIT + 2L * tooLarge.length);
            try (IngressFixture.TopicReader commands = new IngressFixture.TopicReader(KAFKA, NODE.topics().commands())) {
                assertThat(commands.commands(clientId)).extracting(record -> record.command().kind())
                        .containsExactly(io.ferry.protocol.CommandKind.ABORT);
            }
        } finally {
            device.disconnect().join();
        }
    }

    private static void assertSegmentsInKafka(String clientId) {
        try (IngressFixture.TopicReader commands = new IngressFixture.TopicReader(KAFKA, NODE.topics().commands())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> commands.commands(clientId).size() == SEGMENTS);
            assertThat(commands.commands(clientId)).allSatisfy(record -> {
                Segment segment = (Segment) record.command();
                assertThat(segment.length()).isEqualTo(SEGMENT);
                assertThat(segment.payload().getLong(0)).isEqualTo(segment.offset());
            });
        }
    }

    private static byte[] segment(int index) {
        byte[] payload = new byte[SEGMENT];
        ByteBuffer.wrap(payload).putLong((long) index * SEGMENT);
        return payload;
    }
}
