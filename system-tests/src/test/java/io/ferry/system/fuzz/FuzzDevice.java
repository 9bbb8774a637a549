package io.ferry.system.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.FerryMqtt;
import io.ferry.protocol.Json;
import io.ferry.system.PahoCallback;
import io.ferry.system.fuzz.FuzzCommand.ReplyVia;
import io.ferry.testing.ForgedProperties;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * A third-party device (Eclipse Paho, MQTT 5) that publishes many commands at once, up to the broker's receive
 * maximum, and records every response by the packet id it echoes. Packet ids are unique per connection here: Paho
 * hands them out in sequence and one try publishes far fewer than 65,535.
 */
final class FuzzDevice implements AutoCloseable {
    /** HiveMQ's default server receive maximum: more QoS 1/2 PUBLISHes in flight are refused by Paho. */
    private static final int IN_FLIGHT = 10;
    private final String clientId;
    private final MqttAsyncClient client;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final Map<Integer, Sent> sent = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> pubacks = new ConcurrentHashMap<>();
    private final List<Sent> sentQos0 = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicInteger correlation = new AtomicInteger();
    private volatile FuzzCommand last;

    /** A PUBLISH as sent. */
    record Sent(FuzzCommand command, byte[] correlationData) {
    }

    /** A response as received: the MQTT topic it came on, its Correlation-Data and its JSON. */
    record Received(String mqttTopic, byte[] correlationData, JsonNode json) {
    }

    private FuzzDevice(String clientId, MqttAsyncClient client) {
        this.clientId = clientId;
        this.client = client;
    }

    static FuzzDevice connect(String uri, String clientId) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        FuzzDevice device = new FuzzDevice(clientId, client);
        client.setCallback(device.callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        client.connect(options).waitForCompletion(30_000);
        client.subscribe(new MqttSubscription[] {new MqttSubscription(FerryMqtt.RESPONSE_PREFIX + clientId, 1),
            new MqttSubscription(ownReplyTopic(clientId), 1)}).waitForCompletion(30_000);
        return device;
    }

    static String ownReplyTopic(String clientId) {
        return "fz-reply/" + clientId;
    }

    String clientId() {
        return clientId;
    }

    /** Publishes, waiting only while the broker's receive maximum is used up. */
    void publish(FuzzCommand command) throws MqttException, InterruptedException {
        byte[] correlationData = command.replyVia() == ReplyVia.DEFAULT ? null
                : ("c" + correlation.incrementAndGet()).getBytes(UTF_8);
        MqttMessage message = new MqttMessage(command.payload(), command.qos(), false, properties(command,
                correlationData));
        Sent record = new Sent(command, correlationData);
        last = command;
        // Paho counts QoS 0 PUBLISHes against the receive maximum too, until they are written.
        if (!inFlight.tryAcquire(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no PUBACKs for 60 s on " + clientId);
        }
        try {
            IMqttToken token = client.publish(command.topic(), message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken done) {
                    if (command.qos() > 0) {
                        // Judged with the response (ResponseCheck): a refused $file/ command's PUBACK says why.
                        pubacks.put(done.getMessageId(), reasonOf(done));
                    }
                    inFlight.release();
                }

                @Override
                public void onFailure(IMqttToken done, Throwable error) {
                    problems.add("publish failed " + command + ": " + error);
                    inFlight.release();
                }
            });
            if (command.qos() == 0) {
                sentQos0.add(record);
            } else if (sent.put(token.getMessageId(), record) != null) {
                problems.add("packet id " + token.getMessageId() + " reused on " + clientId);
            }
        } catch (MqttException | RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    private static int reasonOf(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    private MqttProperties properties(FuzzCommand command, byte[] correlationData) {
        MqttProperties properties = new MqttProperties();
        switch (command.replyVia()) {
            case DEFAULT -> { }
            case OWN_TOPIC -> properties.setResponseTopic(ownReplyTopic(clientId));
            case OTHER_CLIENTS_TOPIC -> properties.setResponseTopic(FerryMqtt.RESPONSE_PREFIX + "victim");
            case COMMAND_TOPIC -> properties.setResponseTopic("$file/stolen/init");
        }
        if (correlationData != null) {
            properties.setCorrelationData(correlationData);
        }
        if (command.spoofIdentity()) {
            properties.setUserProperties(List.of(new UserProperty(ForgedProperties.CLIENT_ID, "victim"),
                    new UserProperty(ForgedProperties.QOS, "1"), new UserProperty(ForgedProperties.PACKET_ID,
                            "4242")));
        }
        return properties;
    }

    Map<Integer, Sent> sent() {
        return sent;
    }

    /** The PUBACK (QoS 2: PUBCOMP) reason code of each QoS 1 and 2 command, by packet id. */
    Map<Integer, Integer> pubacks() {
        return pubacks;
    }

    List<Sent> sentQos0() {
        return sentQos0;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    List<String> problems() {
        return problems;
    }

    boolean isConnected() {
        return client.isConnected();
    }

    private MqttCallback callback() {
        return new PahoCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                problems.add("disconnected after " + last + ": " + response);
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                problems.add("error: " + exception);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                try {
                    received.add(new Received(topic, message.getProperties().getCorrelationData(),
                            Json.MAPPER.readTree(message.getPayload())));
                } catch (IOException e) {
                    problems.add("unreadable response on " + topic + ": " + e.getMessage());
                }
            }
        };
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(10_000);
            }
        } finally {
            client.close(true);
        }
    }
}
