package io.ferry.client.internal;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** MQTT 3.1.1: no reason codes, no correlation; responses are matched by their {@code topic}. */
final class Mqtt3Transport extends HiveMqTransport<Mqtt3AsyncClient> {
    Mqtt3Transport(UploaderConfig config) {
        super(config);
    }

    @Override
    Mqtt3AsyncClient build(MqttClientBuilder base, Events events) {
        Mqtt3ClientBuilder builder = base.useMqttVersion3();
        if (config.username() != null) {
            builder = builder.simpleAuth(Mqtt3SimpleAuth.builder().username(config.username())
                    .password(MqttTransports.password(config)).build());
        }
        Mqtt3AsyncClient built = builder.buildAsync();
        built.publishes(MqttGlobalPublishFilter.ALL, publish -> events.message(publish.getTopic().toString(),
                publish.getPayloadAsBytes(), null));
        return built;
    }

    @Override
    long maxPacketSize(MqttClientConnectedContext connected) {
        return 0;
    }

    @Override
    CompletableFuture<?> sendConnect(Mqtt3AsyncClient client, int keepAliveSeconds) {
        return client.connectWith().cleanSession(true).keepAlive(keepAliveSeconds).send();
    }

    @Override
    CompletableFuture<?> sendSubscribe(Mqtt3AsyncClient client, String topicFilter) {
        return client.subscribeWith().topicFilter(topicFilter).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    @Override
    CompletableFuture<Void> sendDisconnect(Mqtt3AsyncClient client) {
        return client.disconnect();
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
}
