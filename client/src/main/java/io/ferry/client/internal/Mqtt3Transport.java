package io.ferry.client.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** MQTT 3.1.1: no reason codes, no correlation; responses are matched by their {@code topic}. */
final class Mqtt3Transport implements MqttTransport {
    private final UploaderConfig config;
    private Mqtt3AsyncClient client;

    Mqtt3Transport(UploaderConfig config) {
        this.config = config;
    }

    @Override
    public CompletableFuture<Void> connect(Events events) {
        Mqtt3ClientBuilder builder = MqttClient.builder().useMqttVersion3()
                .identifier(config.clientId())
                .serverHost(config.broker().host())
                .serverPort(config.broker().port())
                .automaticReconnect()
                .initialDelay(config.reconnectInitial().toMillis(), TimeUnit.MILLISECONDS)
                .maxDelay(config.reconnectMax().toMillis(), TimeUnit.MILLISECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(ctx -> events.connected(0))
                .addDisconnectedListener(ctx -> events.disconnected(ctx.getCause()));
        MqttClientSslConfig ssl = TlsConfig.of(config);
        if (ssl != null) {
            builder = builder.sslConfig(ssl);
        }
        if (config.username() != null) {
            builder = builder.simpleAuth().username(config.username())
                    .password(config.password() == null ? new byte[0] : config.password().getBytes(UTF_8))
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
