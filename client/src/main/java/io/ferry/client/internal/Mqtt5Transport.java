package io.ferry.client.internal;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientConnectionConfig;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** MQTT 5 on hivemq-mqtt-client: clean start, Response-Topic and Correlation-Data on every command. */
final class Mqtt5Transport extends HiveMqTransport<Mqtt5AsyncClient> {
    Mqtt5Transport(UploaderConfig config) {
        super(config);
    }

    @Override
    Mqtt5AsyncClient build(MqttClientBuilder base, Events events) {
        Mqtt5ClientBuilder builder = base.useMqttVersion5();
        if (config.username() != null) {
            builder = builder.simpleAuth(Mqtt5SimpleAuth.builder().username(config.username())
                    .password(MqttTransports.password(config)).build());
        }
        Mqtt5AsyncClient built = builder.buildAsync();
        built.publishes(MqttGlobalPublishFilter.ALL, publish -> events.message(publish.getTopic().toString(),
                publish.getPayloadAsBytes(), publish.getCorrelationData().map(MqttTransports::bytes).orElse(null)));
        return built;
    }

    @Override
    long maxPacketSize(MqttClientConnectedContext connected) {
        if (connected.getClientConfig().getConnectionConfig().orElse(null) instanceof Mqtt5ClientConnectionConfig c) {
            return c.getRestrictionsForClient().getSendMaximumPacketSize();
        }
        return 0;
    }

    @Override
    CompletableFuture<?> sendConnect(Mqtt5AsyncClient client, int keepAliveSeconds) {
        return client.connectWith().cleanStart(true).sessionExpiryInterval(0).keepAlive(keepAliveSeconds).send();
    }

    @Override
    CompletableFuture<?> sendSubscribe(Mqtt5AsyncClient client, String topicFilter) {
        return client.subscribeWith().topicFilter(topicFilter).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    @Override
    CompletableFuture<Void> sendDisconnect(Mqtt5AsyncClient client) {
        return client.disconnect();
    }

    @Override
    public CompletableFuture<PubAck> publish(String topic, ByteBuffer payload, String responseTopic,
                                             byte[] correlationData) {
        Mqtt5Publish publish = Mqtt5Publish.builder().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload)
                .responseTopic(responseTopic).correlationData(correlationData).build();
        return client.publish(publish).handle((result, error) -> toPubAck(result, error));
    }

    private static PubAck toPubAck(Mqtt5PublishResult result, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof Mqtt5PubAckException e) {
            return new PubAck(e.getMqttMessage().getReasonCode().getCode());
        }
        if (cause != null) {
            throw new CompletionException(cause);
        }
        return PubAck.SUCCESS;
    }

    @Override
    public boolean correlates() {
        return true;
    }
}
