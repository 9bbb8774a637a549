package io.ferry.client.internal;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** MQTT 3.1.1: no reason codes, no correlation; responses are matched by their {@code topic}. */
final class Mqtt3Transport implements MqttTransport {
    private final UploaderConfig config;
    private Mqtt3AsyncClient client;

    Mqtt3Transport(UploaderConfig config) {
        this.config = config;
    }

    @Override
    public CompletableFuture<Void> connect(Events events) {
        Mqtt3ClientBuilder builder = MqttTransports.baseBuilder(config, events, ctx -> events.connected(0))
                .useMqttVersion3();
        if (config.username() != null) {
            builder = builder.simpleAuth().username(config.username())
                    .password(MqttTransports.password(config))
                    .applySimpleAuth();
        }
        client = builder.buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> events.message(publish.getTopic().toString(),
                publish.getPayloadAsBytes(), null));
        return client.connectWith()
                .cleanSession(true)
                .keepAlive((int) config.keepAlive().toSeconds())
                .send()
                .thenApply(ack -> null);
    }

    @Override
    public CompletableFuture<Void> subscribe(String topicFilter) {
        return client.subscribeWith().topicFilter(topicFilter).qos(MqttQos.AT_LEAST_ONCE).send()
                .thenApply(ack -> null);
    }

    @Override
    public CompletableFuture<PubAck> publish(String topic, ByteBuffer payload, String responseTopic,
                                             byte[] correlationData) {
        return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                .thenApply(publish -> PubAck.SUCCESS);
    }

    @Override
    public boolean correlates() {
        return false;
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        if (client == null) {
            return CompletableFuture.completedFuture(null);
        }
        return client.disconnect().exceptionally(e -> null);
    }
}
