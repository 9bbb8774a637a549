package io.ferry.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Real MQTT clients against a {@link FerryBroker}. */
final class TestClients {
    private TestClients() {
    }

    static Mqtt5BlockingClient device(FerryBroker broker, String clientId) {
        Mqtt5BlockingClient client = builder(broker, clientId).buildBlocking();
        client.connect();
        return client;
    }

    static Mqtt3BlockingClient deviceV3(FerryBroker broker, String clientId) {
        Mqtt3BlockingClient client = MqttClient.builder().useMqttVersion3().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        client.connect();
        return client;
    }

    static com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder v3Builder(FerryBroker broker, String clientId) {
        return MqttClient.builder().useMqttVersion3().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(broker.port());
    }

    static com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder builder(FerryBroker broker, String clientId) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(broker.port());
    }

    /** Publishes at QoS 1 and returns the PUBACK reason code (the blocking API throws for error codes). */
    static Mqtt5PubAckReasonCode pubAck(Mqtt5BlockingClient client, String topic, byte[] payload) {
        try {
            Mqtt5PublishResult result = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload).send();
            return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    /** The SUBACK reason code for one filter (a refused subscription throws in the blocking API). */
    static Mqtt5SubAckReasonCode subscribe(Mqtt5BlockingClient client, String filter) {
        try {
            return client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send()
                    .getReasonCodes().get(0);
        } catch (Mqtt5SubAckException e) {
            return e.getMqttMessage().getReasonCodes().get(0);
        }
    }

    static Optional<String> userProperty(Mqtt5Publish publish, String name) {
        return publish.getUserProperties().asList().stream()
                .filter(property -> property.getName().toString().equals(name))
                .map(property -> property.getValue().toString())
                .findFirst();
    }

    static long count(Mqtt5Publish publish, String name) {
        return publish.getUserProperties().asList().stream()
                .filter(property -> property.getName().toString().equals(name))
                .count();
    }

    /**
     * The next message in {@code inbox}, failing the test if none arrives within a minute: a wait for something
     * that must come, generous because the machine is slow, never a check that nothing comes.
     */
    static Mqtt5Publish receive(Mqtt5BlockingClient.Mqtt5Publishes inbox) throws InterruptedException {
        Optional<Mqtt5Publish> publish = inbox.receive(60, TimeUnit.SECONDS);
        assertThat(publish).as("a message within 60 s").isPresent();
        return publish.get();
    }
}
