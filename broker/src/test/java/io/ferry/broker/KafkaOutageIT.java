package io.ferry.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.ferry.protocol.Response;
import io.ferry.records.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka unreachable: no command is ever PUBACKed with success. MQTT 5 devices get PUBACK 0x97 and a
 * {@code quota_exceeded} response, MQTT 3.1.1 devices are disconnected (the only refusal they have), and a node that
 * stops while commands wait for Kafka refuses them too.
 */
class KafkaOutageIT {
    @TempDir
    Path dataDir;
    FerryBroker broker;

    @BeforeEach
    void startBrokerWithoutKafka() throws IOException {
        String nowhere = "127.0.0.1:" + unusedPort();
        BrokerConfig config = BrokerConfig.ephemeral(dataDir, nowhere, Topics.defaults());
        broker = FerryBroker.start(config.withExtension(config.extension().withIngress(
                config.extension().ingress().withKafkaTimeout(Duration.ofSeconds(2)))));
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void shouldRefuseWithQuotaExceededAndAnswerWhenMqtt5CommandIsNotAcknowledgedByKafka() throws Exception {
        Mqtt5BlockingClient device = TestClients.device(broker, "outage-v5");
        try (Mqtt5BlockingClient.Mqtt5Publishes inbox = device.publishes(MqttGlobalPublishFilter.ALL)) {
            TestClients.subscribe(device, "$file-response/outage-v5");

            Mqtt5PubAckException refused = null;
            try {
                device.publishWith().topic("$file/f/init").qos(MqttQos.AT_LEAST_ONCE)
                        .payload("{\"name\":\"a\"}".getBytes(UTF_8)).send();
            } catch (Mqtt5PubAckException e) {
                refused = e;
            }

            assertThat(refused).as("a refused PUBACK, never success").isNotNull();
            assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
            assertThat(refused.getMqttMessage().getReasonString()).hasValueSatisfying(reason ->
                    assertThat(reason.toString()).contains("Kafka"));
            Optional<Mqtt5Publish> answer = inbox.receive(30, TimeUnit.SECONDS);
            assertThat(answer).isPresent();
            Response response = Response.fromJson(answer.get().getPayloadAsBytes());
            assertThat(response.topic()).isEqualTo("$file/f/init");
            assertThat(response.reasonDescription()).isEqualTo("quota_exceeded");
            assertThat(response.reasonCode()).isEqualTo(0x97);
            assertThat(broker.ingress().accepted()).isZero();
            assertThat(broker.ingress().failed()).isEqualTo(1);
        } finally {
            device.disconnect();
        }
    }

    @Test
    void shouldDisconnectMqtt3DeviceWhenCommandIsNotAcknowledgedByKafka() {
        Mqtt3AsyncClient device = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion3()
                .identifier("outage-v3").serverHost("127.0.0.1").serverPort(broker.port()).buildAsync();
        device.connect().join();

        CompletableFuture<?> publish = device.publishWith().topic("$file/f/abort").qos(MqttQos.AT_LEAST_ONCE)
                .send();

        await().atMost(Duration.ofSeconds(60)).until(() -> !device.getState().isConnected());
        assertThat(publish.isDone() && !publish.isCompletedExceptionally()).as("PUBACKed with success").isFalse();
        assertThat(broker.ingress().accepted()).isZero();
        assertThat(broker.ingress().failed()).isEqualTo(1);
    }

    @Test
    void shouldRefuseWaitingCommandsWhenNodeStopsBeforeKafkaAnswers() throws Exception {
        Mqtt5AsyncClient device = TestClients.builder(broker, "outage-stop").buildAsync();
        device.connect().join();

        CompletableFuture<Mqtt5PublishResult> publish = device.publishWith().topic("$file/f/abort")
                .qos(MqttQos.AT_LEAST_ONCE).send();
        await().until(() -> broker.ingress().waitingForKafka() == 1);
        broker.close();

        // Either a refusing PUBACK reached the device or the connection closed first: never a success.
        boolean succeeded;
        try {
            Mqtt5PublishResult result = publish.get(30, TimeUnit.SECONDS);
            succeeded = result.getError().isEmpty()
                    && ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode()
                    == Mqtt5PubAckReasonCode.SUCCESS;
        } catch (ExecutionException e) {
            succeeded = false;
        }
        assertThat(succeeded).isFalse();
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
