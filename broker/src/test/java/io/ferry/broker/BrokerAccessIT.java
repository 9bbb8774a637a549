package io.ferry.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.records.ResponseRecord;
import io.ferry.testing.ForgedProperties;
import io.ferry.testing.KafkaFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ACLs of the embedded broker node, with real MQTT 5 and 3.1.1 clients and a real Kafka behind it. */
class BrokerAccessIT {
    @RegisterExtension
    @Order(1)
    static final KafkaFixture KAFKA = new KafkaFixture();
    @RegisterExtension
    @Order(2)
    static final BrokerNode NODE = new BrokerNode(KAFKA, 1);

    private final List<Runnable> cleanup = new ArrayList<>();
    private IngressFixture.TopicReader commands;

    @BeforeEach
    void readCommands() {
        commands = new IngressFixture.TopicReader(KAFKA, NODE.topics().commands());
    }

    @AfterEach
    void disconnect() {
        commands.close();
        cleanup.forEach(Runnable::run);
    }

    @Test
    void shouldAllowDollarTopicsWhenDeviceSendsCommand() throws InterruptedException {
        assertThat(DollarTopics.allowed()).isTrue();
        Mqtt5BlockingClient device = track(TestClients.device(NODE.broker(), uniqueId("dollar")));

        Mqtt5PubAckReasonCode result = publish(device, "$file/f1/init", "{\"name\":\"a.txt\"}");

        assertThat(result).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(device.getState().isConnected()).isTrue();
        assertThat(commands.commands(device.getConfig().getClientIdentifier().orElseThrow().toString()))
                .extracting(record -> record.replyTo().topic()).containsExactly("$file/f1/init");
    }

    @Test
    void shouldAcceptCommandWithClientIdOfConnectionWhenV311DevicePublishes() {
        String clientId = uniqueId("v3");
        Mqtt3BlockingClient device = TestClients.deviceV3(NODE.broker(), clientId);
        cleanup.add(device::disconnect);

        device.publishWith().topic("$file/f3/fin/3").qos(MqttQos.AT_LEAST_ONCE).send();

        assertThat(commands.commands(clientId)).singleElement().satisfies(record -> {
            assertThat(record.replyTo().topic()).isEqualTo("$file/f3/fin/3");
            assertThat(record.replyTo().clientId()).isEqualTo(clientId);
        });
    }

    @Test
    void shouldDenyDeviceSubscriptionsThatCouldReadCommandsOrOtherResponses() {
        String clientId = uniqueId("snoop");
        Mqtt5BlockingClient device = track(TestClients.device(NODE.broker(), clientId));

        for (String filter : List.of("$file/#", "$file-async/#", "$share/ferry/$file/#", "$share/x/$file-async/+/init",
                "$file/+/init", "$file-response/#", "$file-response/+", "$file-response/someone-else",
                "$share/ferry/$file-response/someone-else")) {
            assertThat(TestClients.subscribe(device, filter)).as(filter)
                    .isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        }
        assertThat(TestClients.subscribe(device, "$file-response/" + clientId))
                .isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        assertThat(TestClients.subscribe(device, "sensors/#")).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
    }

    @Test
    void shouldNotDeliverCommandsOrOtherClientsResponsesWhenDeviceSubscribesToHash() throws Exception {
        String snoopId = uniqueId("hash");
        String targetId = uniqueId("target");
        Mqtt5BlockingClient snoop = track(TestClients.device(NODE.broker(), snoopId));
        Mqtt5BlockingClient target = track(TestClients.device(NODE.broker(), targetId));
        Mqtt5BlockingClient.Mqtt5Publishes snoopInbox = snoop.publishes(MqttGlobalPublishFilter.ALL);
        Mqtt5BlockingClient.Mqtt5Publishes targetInbox = target.publishes(MqttGlobalPublishFilter.ALL);
        cleanup.add(snoopInbox::close);
        cleanup.add(targetInbox::close);
        assertThat(TestClients.subscribe(snoop, "#")).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        assertThat(TestClients.subscribe(target, "$file-response/" + targetId))
                .isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);

        assertThat(TestClients.subscribe(snoop, "$file-response/" + snoopId))
                .isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        publish(target, "$file/secret/0", "secret bytes");
        IngressFixture.produceResponse(KAFKA, NODE.topics(), ResponseRecord.of(new ReplyTo(targetId, "$file/t/abort", 1,
                null, null), Reason.SUCCESS));
        IngressFixture.produceResponse(KAFKA, NODE.topics(), ResponseRecord.of(new ReplyTo(snoopId, "$file/s/abort", 2,
                null, null), Reason.SUCCESS));
        Mqtt5Publish forTarget = TestClients.receive(targetInbox);
        List<String> snoopTopics = new ArrayList<>();
        // Its own response first, then a marker published after everything else: whatever else the snoop was
        // going to get has arrived by then.
        collectUntil(snoopInbox, "$file-response/" + snoopId, snoopTopics);
        publish(target, "plain/marker", "marker");
        collectUntil(snoopInbox, "plain/marker", snoopTopics);

        assertThat(snoopTopics).containsOnly("$file-response/" + snoopId, "plain/marker");
        assertThat(Response.fromJson(forTarget.getPayloadAsBytes()).topic()).isEqualTo("$file/t/abort");
    }

    @Test
    void shouldRefuseDevicePublishToResponseTopicWhenForgingResponses() {
        Mqtt5BlockingClient device = track(TestClients.device(NODE.broker(), uniqueId("forger")));

        assertThat(publish(device, "$file-response/victim", "{}")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void shouldRefuseConnectionWhenDeviceSetsWillOnFerryTopic() {
        Mqtt5BlockingClient device = TestClients.builder(NODE.broker(), uniqueId("will")).willPublish()
                .topic("$file/f/abort").qos(MqttQos.AT_LEAST_ONCE).userProperties()
                .add(ForgedProperties.CLIENT_ID, "victim").applyUserProperties().applyWillPublish().buildBlocking();

        assertThatThrownBy(device::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }

    @Test
    void shouldAnswerQosNotSupportedWhenDevicePublishesQos0Or2() throws InterruptedException {
        String clientId = uniqueId("qos");
        Mqtt5BlockingClient device = track(TestClients.device(NODE.broker(), clientId));
        Mqtt5BlockingClient.Mqtt5Publishes inbox = device.publishes(MqttGlobalPublishFilter.ALL);
        cleanup.add(inbox::close);
        TestClients.subscribe(device, "$file-response/" + clientId);

        device.publishWith().topic("$file/q0/init").qos(MqttQos.AT_MOST_ONCE).payload(new byte[0]).send();
        device.publishWith().topic("$file/q2/init").qos(MqttQos.EXACTLY_ONCE).payload(new byte[0])
                .correlationData("corr".getBytes(UTF_8)).send();

        Response first = Response.fromJson(TestClients.receive(inbox).getPayloadAsBytes());
        Mqtt5Publish secondMessage = TestClients.receive(inbox);
        Response second = Response.fromJson(secondMessage.getPayloadAsBytes());
        assertThat(List.of(first.topic(), second.topic())).containsExactlyInAnyOrder("$file/q0/init",
                "$file/q2/init");
        assertThat(List.of(first.reasonDescription(), second.reasonDescription()))
                .containsOnly("qos_not_supported");
        assertThat(first.reasonCode()).isEqualTo(128);
        // A QoS 1 command after them is in Kafka; the two before it are not.
        publish(device, "$file/q1/abort", "");
        assertThat(commands.commands(clientId)).extracting(record -> record.replyTo().topic())
                .containsExactly("$file/q1/abort");
    }

    @Test
    void shouldAnswerBareRootItselfWhenDevicePublishesToDollarFileWithForgedIdentity() throws InterruptedException {
        String clientId = uniqueId("root");
        Mqtt5BlockingClient device = track(TestClients.device(NODE.broker(), clientId));
        Mqtt5BlockingClient.Mqtt5Publishes inbox = device.publishes(MqttGlobalPublishFilter.ALL);
        cleanup.add(inbox::close);
        TestClients.subscribe(device, "$file-response/" + clientId);

        for (String root : List.of("$file", "$file-async")) {
            device.publishWith().topic(root).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[0])
                    .userProperties().add(ForgedProperties.CLIENT_ID, "victim").applyUserProperties().send();
            Response response = Response.fromJson(TestClients.receive(inbox).getPayloadAsBytes());
            assertThat(response.topic()).isEqualTo(root);
            assertThat(response.reasonDescription()).isEqualTo("invalid_file_command");
        }
        publish(device, "$file/after/abort", "");
        assertThat(commands.commands(clientId)).extracting(record -> record.replyTo().topic())
                .containsExactly("$file/after/abort");
        assertThat(commands.commands("victim")).isEmpty();
    }

    /** Receives until a message on {@code topic} arrived, adding the topic of every message seen. */
    private static void collectUntil(Mqtt5BlockingClient.Mqtt5Publishes inbox, String topic, List<String> seen)
            throws InterruptedException {
        Mqtt5Publish next;
        do {
            next = TestClients.receive(inbox);
            seen.add(next.getTopic().toString());
        } while (!next.getTopic().toString().equals(topic));
    }

    private Mqtt5BlockingClient track(Mqtt5BlockingClient client) {
        cleanup.add(() -> {
            try {
                client.disconnect();
            } catch (MqttClientStateException alreadyDisconnected) {
                // the broker disconnected it, as some tests expect
            }
        });
        return client;
    }

    private static Mqtt5PubAckReasonCode publish(Mqtt5BlockingClient client, String topic, String payload) {
        return TestClients.pubAck(client, topic, payload.getBytes(UTF_8));
    }

    private static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
