package io.ferry.client.internal;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import java.util.concurrent.CompletableFuture;

/**
 * What both MQTT versions do alike on hivemq-mqtt-client, whose MQTT 3 and MQTT 5 clients share no interface: build
 * the client from {@link MqttTransports#baseBuilder}, connect once, subscribe at QoS 1, disconnect quietly. A
 * subclass supplies the version's calls.
 *
 * @param <C> the version's async client
 */
abstract class HiveMqTransport<C> implements MqttTransport {
    final UploaderConfig config;
    C client;

    HiveMqTransport(UploaderConfig config) {
        this.config = config;
    }

    /** The version's client from the shared base, with credentials, delivering every publish to {@code events}. */
    abstract C build(MqttClientBuilder base, Events events);

    /** The broker's packet-size limit once connected, 0 when the version does not say. */
    abstract long maxPacketSize(MqttClientConnectedContext connected);

    /** Sends CONNECT: a clean session that the broker forgets on disconnect. */
    abstract CompletableFuture<?> sendConnect(C client, int keepAliveSeconds);

    abstract CompletableFuture<?> sendSubscribe(C client, String topicFilter);

    abstract CompletableFuture<Void> sendDisconnect(C client);

    @Override
    public final CompletableFuture<Void> connect(Events events) {
        client = build(MqttTransports.baseBuilder(config, events, ctx -> events.connected(maxPacketSize(ctx))),
                events);
        return sendConnect(client, (int) config.keepAlive().toSeconds()).thenApply(ack -> null);
    }

    @Override
    public final CompletableFuture<Void> subscribe(String topicFilter) {
        return sendSubscribe(client, topicFilter).thenApply(ack -> null);
    }

    @Override
    public final CompletableFuture<Void> disconnect() {
        if (client == null) {
            return CompletableFuture.completedFuture(null);
        }
        return sendDisconnect(client).exceptionally(e -> null);
    }
}
