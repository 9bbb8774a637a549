package io.ferry.broker;

import static io.ferry.broker.TestClients.BRIDGE_PASSWORD;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.ferry.protocol.FerryMqtt;
import io.ferry.protocol.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identity stamping and ACLs of the embedded broker, with real MQTT 5 and 3.1.1 clients. */
class BrokerAccessIT {
    @TempDir
    static Path dataDir;
    static FerryBroker broker;

    private final List<Runnable> cleanup = new ArrayList<>();
    private Mqtt5BlockingClient bridge;
    private Mqtt5BlockingClient.Mqtt5Publishes bridgeInbox;

    @BeforeAll
    static void startBroker() {
        broker = FerryBroker.start(BrokerConfig.ephemeral(dataDir, BRIDGE_PASSWORD));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void connectBridge() {
        bridge = track(TestClients.bridge(broker, "bridge-" + UUID.randomUUID()));
        bridgeInbox = bridge.publishes(MqttGlobalPublishFilter.ALL);
        assertThat(TestClients.subscribe(bridge, FerryMqtt.sharedFilter(FerryMqtt.SYNC_FILTER)))
                .isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        assertThat(TestClients.subscribe(bridge, FerryMqtt.sharedFilter(FerryMqtt.ASYNC_FILTER)))
                .isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
    }

    @AfterEach
    void disconnect() {
        bridgeInbox.close();
        cleanup.forEach(Runnable::run);
    }

    @Test
    void shouldAllowDollarTopicsWhenDeviceSendsCommand() throws InterruptedException {
        assertThat(DollarTopics.allowed()).isTrue();
        Mqtt5BlockingClient device = track(TestClients.device(broker, uniqueId("dollar")));

        Mqtt5PubAckReasonCode result = publish(device, "$file/f1/init", "{\"name\":\"a.txt\"}");

        assertThat(result).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(device.getState().isConnected()).isTrue();
        assertThat(receive(bridgeInbox).getTopic().toString()).isEqualTo("$file/f1/init");
    }

    @Test
    void shouldStampVerifiedClientIdReplacingSpoofedPropertyWhenV5DevicePublishes() throws InterruptedException {
        String clientId = uniqueId("v5");
        Mqtt5BlockingClient device = track(TestClients.device(broker, clientId));

        device.publishWith().topic("$file-async/f2/0").qos(MqttQos.AT_LEAST_ONCE).payload("abc".getBytes(UTF_8))
                .userProperties().add(FerryMqtt.CLIENT_ID_PROPERTY, "victim")
                .add(FerryMqtt.QOS_PROPERTY, "1").add(FerryMqtt.PACKET_ID_PROPERTY, "999").applyUserProperties()
                .send();

        Mqtt5Publish received = receive(bridgeInbox);
        assertThat(received.getTopic().toString()).isEqualTo("$file-async/f2/0");
        assertThat(received.getPayloadAsBytes()).isEqualTo("abc".getBytes(UTF_8));
        assertThat(TestClients.userProperty(received, FerryMqtt.CLIENT_ID_PROPERTY)).contains(clientId);
        assertThat(TestClients.count(received, FerryMqtt.CLIENT_ID_PROPERTY)).isEqualTo(1);
        assertThat(TestClients.userProperty(received, FerryMqtt.QOS_PROPERTY)).contains("1");
        assertThat(TestClients.count(received, FerryMqtt.PACKET_ID_PROPERTY)).isEqualTo(1);
        assertThat(TestClients.userProperty(received, FerryMqtt.PACKET_ID_PROPERTY).map(Integer::parseInt))
                .hasValueSatisfying(id -> assertThat(id).isBetween(1, 65535).isNotEqualTo(999));
    }

    @Test
    void shouldStampVerifiedClientIdWhenV311DevicePublishes() throws InterruptedException {
        String clientId = uniqueId("v3");
        Mqtt3BlockingClient device = TestClients.deviceV3(broker, clientId);
        cleanup.add(device::disconnect);

        device.publishWith().topic("$file/f3/fin/3").qos(MqttQos.AT_LEAST_ONCE).send();

        Mqtt5Publish received = receive(bridgeInbox);
        assertThat(received.getTopic().toString()).isEqualTo("$file/f3/fin/3");
        assertThat(TestClients.userProperty(received, FerryMqtt.CLIENT_ID_PROPERTY)).contains(clientId);
        assertThat(TestClients.userProperty(received, FerryMqtt.QOS_PROPERTY)).contains("1");
    }

    @Test
    void shouldDenyDeviceSubscriptionsThatCouldReadCommandsOrOtherResponses() {
        String clientId = uniqueId("snoop");
        Mqtt5BlockingClient device = track(TestClients.device(broker, clientId));

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
    void shouldNotDeliverCommandsOrOtherClientsResponsesWhenDeviceSubscribesToHash() throws InterruptedException {
        String snoopId = uniqueId("hash");
        String targetId = uniqueId("target");
        Mqtt5BlockingClient snoop = track(TestClients.device(broker, snoopId));
        Mqtt5BlockingClient target = track(TestClients.device(broker, targetId));
        Mqtt5BlockingClient.Mqtt5Publishes snoopInbox = snoop.publishes(MqttGlobalPublishFilter.ALL);
        Mqtt5BlockingClient.Mqtt5Publishes targetInbox = target.publishes(MqttGlobalPublishFilter.ALL);
        cleanup.add(snoopInbox::close);
        cleanup.add(targetInbox::close);
        assertThat(TestClients.subscribe(snoop, "#")).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        assertThat(TestClients.subscribe(target, "$file-response/" + targetId))
                .isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);

        publish(target, "$file/secret/0", "secret bytes");
        receive(bridgeInbox);
        publish(bridge, "$file-response/" + targetId, "{\"for\":\"target\"}");
        publish(bridge, "$file-response/" + snoopId, "{\"for\":\"snoop\"}");
        publish(target, "plain/marker", "marker");

        List<String> snoopTopics = new ArrayList<>();
        Mqtt5Publish next;
        do {
            next = receive(snoopInbox);
            snoopTopics.add(next.getTopic().toString());
        } while (!next.getTopic().toString().equals("plain/marker"));
        assertThat(snoopTopics).containsExactlyInAnyOrder("$file-response/" + snoopId, "plain/marker");
        assertThat(receive(targetInbox).getPayloadAsBytes()).isEqualTo("{\"for\":\"target\"}".getBytes(UTF_8));
    }

    @Test
    void shouldRefuseDevicePublishToResponseTopicWhenForgingResponses() {
        Mqtt5BlockingClient device = track(TestClients.device(broker, uniqueId("forger")));

        assertThat(publish(device, "$file-response/victim", "{}")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void shouldRejectBridgeUsernameWhenPasswordIsWrong() {
        Mqtt5BlockingClient impostor = TestClients.builder(broker, uniqueId("impostor"))
                .simpleAuth().username(ExtensionConfig.DEFAULT_BRIDGE_USERNAME).password("guess".getBytes(UTF_8))
                .applySimpleAuth().buildBlocking();
        Mqtt5BlockingClient noPassword = TestClients.builder(broker, uniqueId("impostor"))
                .simpleAuth().username(ExtensionConfig.DEFAULT_BRIDGE_USERNAME).applySimpleAuth().buildBlocking();

        assertThatThrownBy(impostor::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                assertThat(e.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
        assertThatThrownBy(noPassword::connect).isInstanceOf(Mqtt5ConnAckException.class);
    }

    @Test
    void shouldRefuseConnectionWhenDeviceSetsWillOnFerryTopic() {
        Mqtt5BlockingClient device = TestClients.builder(broker, uniqueId("will")).willPublish()
                .topic("$file/f/abort").qos(MqttQos.AT_LEAST_ONCE).userProperties()
                .add(FerryMqtt.CLIENT_ID_PROPERTY, "victim").applyUserProperties().applyWillPublish().buildBlocking();

        assertThatThrownBy(device::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }

    @Test
    void shouldLimitBridgeToFerrySharedSubscriptionsWhenBridgeSubscribes() {
        assertThat(TestClients.subscribe(bridge, "$file/#")).isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(TestClients.subscribe(bridge, "$share/other/$file/#"))
                .isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(TestClients.subscribe(bridge, "sensors/#")).isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void shouldRefuseDeviceWhenItTakesOverBridgeSession() {
        String sharedId = uniqueId("bridge-session");
        Mqtt5BlockingClient persistentBridge = TestClients.bridgeBuilder(broker, sharedId).buildBlocking();
        persistentBridge.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        TestClients.subscribe(persistentBridge, FerryMqtt.sharedFilter(FerryMqtt.SYNC_FILTER));
        persistentBridge.disconnect();
        Mqtt5BlockingClient device = TestClients.builder(broker, sharedId).buildBlocking();

        assertThatThrownBy(() -> device.connectWith().cleanStart(false).send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(
                        e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }

    @Test
    void shouldAnswerQosNotSupportedWhenDevicePublishesQos0Or2() throws InterruptedException {
        String clientId = uniqueId("qos");
        Mqtt5BlockingClient device = track(TestClients.device(broker, clientId));
        Mqtt5BlockingClient.Mqtt5Publishes inbox = device.publishes(MqttGlobalPublishFilter.ALL);
        cleanup.add(inbox::close);
        TestClients.subscribe(device, "$file-response/" + clientId);

        device.publishWith().topic("$file/q0/init").qos(MqttQos.AT_MOST_ONCE).payload(new byte[0]).send();
        device.publishWith().topic("$file/q2/init").qos(MqttQos.EXACTLY_ONCE).payload(new byte[0])
                .correlationData("corr".getBytes(UTF_8)).send();

        Response first = Response.fromJson(receive(inbox).getPayloadAsBytes());
        Mqtt5Publish secondMessage = receive(inbox);
        Response second = Response.fromJson(secondMessage.getPayloadAsBytes());
        assertThat(List.of(first.topic(), second.topic())).containsExactlyInAnyOrder("$file/q0/init",
                "$file/q2/init");
        assertThat(List.of(first.reasonDescription(), second.reasonDescription()))
                .containsOnly("qos_not_supported");
        assertThat(first.reasonCode()).isEqualTo(128);
        assertThat(bridgeInbox.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
    }

    @Test
    void shouldAnswerBareRootItselfWhenDevicePublishesToDollarFileWithForgedIdentity() throws InterruptedException {
        String clientId = uniqueId("root");
        Mqtt5BlockingClient device = track(TestClients.device(broker, clientId));
        Mqtt5BlockingClient.Mqtt5Publishes inbox = device.publishes(MqttGlobalPublishFilter.ALL);
        cleanup.add(inbox::close);
        TestClients.subscribe(device, "$file-response/" + clientId);

        for (String root : List.of("$file", "$file-async")) {
            device.publishWith().topic(root).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[0])
                    .userProperties().add(FerryMqtt.CLIENT_ID_PROPERTY, "victim").applyUserProperties().send();
            Response response = Response.fromJson(receive(inbox).getPayloadAsBytes());
            assertThat(response.topic()).isEqualTo(root);
            assertThat(response.reasonDescription()).isEqualTo("invalid_file_command");
        }
        assertThat(bridgeInbox.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
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

    /** The PUBACK reason code (the blocking API throws for error codes). */
    private static Mqtt5PubAckReasonCode publish(Mqtt5BlockingClient client, String topic, String payload) {
        try {
            Mqtt5PublishResult result = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(UTF_8)).send();
            return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    private static Mqtt5Publish receive(Mqtt5BlockingClient.Mqtt5Publishes inbox) throws InterruptedException {
        Optional<Mqtt5Publish> publish = inbox.receive(10, TimeUnit.SECONDS);
        assertThat(publish).as("a message within 10 s").isPresent();
        return publish.get();
    }

    private static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
