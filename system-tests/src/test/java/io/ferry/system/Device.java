package io.ferry.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.FerryMqtt;
import io.ferry.protocol.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A third-party MQTT 5 device (Eclipse Paho) that records every message it receives, on any topic it managed to
 * subscribe to. Publishes are QoS 1 and wait for the PUBACK, whose reason code they return.
 */
public final class Device implements AutoCloseable {
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final long ACK_TIMEOUT_MILLIS = 60_000;
    private final String clientId;
    private final MqttAsyncClient client;
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private volatile String disconnectReason;

    /** A message as received. {@code json} is null when the payload is not JSON. */
    public record Message(String topic, byte[] payload, JsonNode json) {
    }

    private Device(String clientId, MqttAsyncClient client) {
        this.clientId = clientId;
        this.client = client;
    }

    /** Connects with a clean session and subscribes to its own response topic. */
    public static Device connect(String uri, String clientId) throws MqttException {
        return connect(uri, clientId, new MqttConnectionOptions(), true);
    }

    public static Device connect(String uri, String clientId, MqttConnectionOptions options, boolean subscribeResponses)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        Device device = new Device(clientId, client);
        client.setCallback(device.callback());
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(20);
        try {
            client.connect(options).waitForCompletion(ACK_TIMEOUT_MILLIS);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        if (subscribeResponses) {
            assertThat(device.subscribe(FerryMqtt.RESPONSE_PREFIX + clientId)).as("own response topic").isLessThan(3);
        }
        return device;
    }

    public String clientId() {
        return clientId;
    }

    /** The SUBACK reason code: 0..2 granted, 0x80 and above refused. */
    public int subscribe(String filter) throws MqttException {
        IMqttToken token = client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)});
        token.waitForCompletion(ACK_TIMEOUT_MILLIS);
        return token.getReasonCodes()[0];
    }

    public int publish(String topic, byte[] payload) throws MqttException {
        return publish(topic, payload, new MqttProperties());
    }

    /** The PUBACK reason code: below 0x80 accepted. */
    public int publish(String topic, byte[] payload, MqttProperties properties) throws MqttException {
        IMqttToken token = client.publish(topic, new MqttMessage(payload, 1, false, properties));
        token.waitForCompletion(ACK_TIMEOUT_MILLIS);
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    /** The newest response to {@code commandTopic}, waiting for it. */
    public JsonNode awaitResponse(String commandTopic) {
        await().atMost(ANSWER_TIMEOUT).until(() -> response(commandTopic).isPresent());
        return response(commandTopic).orElseThrow();
    }

    public Optional<JsonNode> response(String commandTopic) {
        List<Message> all = new ArrayList<>(received);
        for (int i = all.size() - 1; i >= 0; i--) {
            JsonNode json = all.get(i).json();
            if (json != null && json.path("topic").asText().equals(commandTopic)) {
                return Optional.of(json);
            }
        }
        return Optional.empty();
    }

    public List<Message> received() {
        return List.copyOf(received);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public String disconnectReason() {
        return disconnectReason;
    }

    private MqttCallback callback() {
        return new PahoCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                disconnectReason = String.valueOf(response);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                JsonNode json;
                try {
                    json = Json.MAPPER.readTree(message.getPayload());
                } catch (IOException e) {
                    json = null;
                }
                received.add(new Message(topic, message.getPayload(), json));
            }
        };
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect(5_000).waitForCompletion(10_000);
            }
        } finally {
            client.close(true);
        }
    }
}
