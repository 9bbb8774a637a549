package io.ferry.broker;

import static io.ferry.broker.TestClients.BRIDGE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.ferry.protocol.FerryMqtt;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "No command that a device got a PUBACK for may ever be lost": HiveMQ's queue is left at its default 1,000
 * messages with the discard strategy, which without the ingress gate loses most of a fast device's commands.
 */
class BackPressureIT {
    private static final int BACKLOG_LIMIT = 64;
    private static final int QUEUE_LIMIT = 1_000;
    private static final int MESSAGES = 1_200;
    private static final int PAYLOAD = 1024 * 1024;
    private static final Duration HOLD_TIMEOUT = Duration.ofSeconds(6);

    @TempDir
    static Path dataDir;
    static FerryBroker broker;

    private final List<Runnable> cleanup = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        BrokerConfig base = BrokerConfig.ephemeral(dataDir, BRIDGE_PASSWORD);
        broker = FerryBroker.start(base.withExtension(base.extension().withBacklog(BACKLOG_LIMIT, Long.MAX_VALUE)
                .withHoldTimeout(HOLD_TIMEOUT)).withQueue(QUEUE_LIMIT, true));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void disconnect() {
        cleanup.forEach(Runnable::run);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.ingress().bridgedFilters().isEmpty());
    }

    @Test
    void shouldDeliverEveryPubackedCommandWhenDevicePublishesFasterThanBridgeAcks() {
        Map<Long, Boolean> received = new ConcurrentHashMap<>();
        List<String> corrupt = new ArrayList<>();
        ConcurrentLinkedQueue<Mqtt5Publish> unacked = new ConcurrentLinkedQueue<>();
        AtomicBoolean ackingStarted = new AtomicBoolean();
        Mqtt5AsyncClient bridge = TestClients.bridge(broker, "slow-bridge-" + UUID.randomUUID()).toAsync();
        bridge.publishes(MqttGlobalPublishFilter.ALL, publish -> {
            long id = Long.parseLong(publish.getTopic().getLevels().get(2));
            ByteBuffer payload = publish.getPayload().orElseThrow();
            if (payload.remaining() != PAYLOAD || payload.getLong(payload.position()) != id) {
                synchronized (corrupt) {
                    corrupt.add(publish.getTopic().toString());
                }
            }
            received.put(id, true);
            unacked.add(publish);
        }, true);
        bridge.subscribeWith().topicFilter(FerryMqtt.sharedFilter(FerryMqtt.SYNC_FILTER)).qos(MqttQos.AT_LEAST_ONCE)
                .send().join();
        Mqtt5AsyncClient device = TestClients.device(broker, "fast-device-" + UUID.randomUUID()).toAsync();
        cleanup.add(() -> device.disconnect().join());
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        Set<Long> refused = ConcurrentHashMap.newKeySet();
        // The bridge acknowledges nothing until the device is held (or, without a gate, has sent everything and
        // overflowed HiveMQ's queue), then acknowledges slowly.
        ScheduledExecutorService slowAcks = Executors.newSingleThreadScheduledExecutor();
        slowAcks.scheduleAtFixedRate(() -> {
            boolean started = broker.ingress().held() > 0 || acked.size() + refused.size() == MESSAGES;
            Mqtt5Publish next = started || ackingStarted.get() ? unacked.poll() : null;
            if (next != null) {
                ackingStarted.set(true);
                next.acknowledge();
            }
        }, 5, 5, TimeUnit.MILLISECONDS);
        cleanup.add(slowAcks::shutdownNow);
        cleanup.add(() -> bridge.disconnect().join());
        await().until(() -> broker.ingress().bridgedFilters().contains("$file/"));

        Semaphore window = new Semaphore(32);
        for (long id = 0; id < MESSAGES; id++) {
            window.acquireUninterruptibly();
            long commandId = id;
            device.publishWith().topic("$file/bp/" + id).qos(MqttQos.AT_LEAST_ONCE).payload(payload(id)).send()
                    .whenComplete((result, error) -> {
                        (error == null ? acked : refused).add(commandId);
                        window.release();
                    });
        }

        await().atMost(Duration.ofMinutes(2)).until(() -> acked.size() + refused.size() == MESSAGES);
        assertThat(refused).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> received.keySet().containsAll(acked));
        assertThat(received).hasSize(MESSAGES);
        assertThat(corrupt).isEmpty();
        IngressStatus status = broker.ingress();
        assertThat(status.maxBacklog()).as("the gate engaged, and bounded the backlog").isEqualTo(BACKLOG_LIMIT);
        await().until(() -> broker.ingress().backlogMessages() == 0);
    }

    @Test
    void shouldHoldCommandWithoutBridgeUntilBridgeSubscribesThenDeliverIt() throws InterruptedException {
        Mqtt5AsyncClient device = TestClients.device(broker, "waiting-device-" + UUID.randomUUID()).toAsync();
        cleanup.add(() -> device.disconnect().join());

        CompletableFuture<Mqtt5PublishResult> puback = device.publishWith().topic("$file/held/init")
                .qos(MqttQos.AT_LEAST_ONCE).payload("{\"name\":\"held.bin\"}".getBytes()).send();

        await().until(() -> broker.ingress().held() == 1);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> !puback.isDone());
        Mqtt5BlockingClient bridge = TestClients.bridge(broker, "late-bridge-" + UUID.randomUUID());
        cleanup.add(bridge::disconnect);
        Mqtt5BlockingClient.Mqtt5Publishes inbox = bridge.publishes(MqttGlobalPublishFilter.ALL);
        cleanup.add(inbox::close);
        TestClients.subscribe(bridge, FerryMqtt.sharedFilter(FerryMqtt.SYNC_FILTER));

        Mqtt5PublishResult result = puback.orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode())
                .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(inbox.receive(10, TimeUnit.SECONDS)).hasValueSatisfying(publish ->
                assertThat(publish.getTopic().toString()).isEqualTo("$file/held/init"));
    }

    @Test
    void shouldFailHeldCommandVisiblyWhenNoBridgeConnectsInTime() {
        Mqtt5AsyncClient device = TestClients.device(broker, "v5-timeout-" + UUID.randomUUID()).toAsync();
        cleanup.add(() -> device.disconnect().join());
        Mqtt3BlockingClient deviceV3 = TestClients.deviceV3(broker, "v3-timeout-" + UUID.randomUUID());

        CompletableFuture<Mqtt5PublishResult> v5 = device.publishWith().topic("$file/late/0")
                .qos(MqttQos.AT_LEAST_ONCE).payload(new byte[10]).send();
        CompletableFuture<Void> v3 = deviceV3.toAsync().publishWith().topic("$file/late/0")
                .qos(MqttQos.AT_LEAST_ONCE).payload(new byte[10]).send().thenApply(publish -> null);

        await().atMost(HOLD_TIMEOUT.plusSeconds(10)).until(() -> v5.isDone() && v3.isDone());
        assertThat(v5).isCompletedExceptionally();
        assertThat(v3).as("MQTT 3 has no error PUBACK: HiveMQ disconnects").isCompletedExceptionally();
        assertThat(deviceV3.getState().isConnected()).isFalse();
        assertThat(v5.handle((ok, error) -> error).join()).isInstanceOfSatisfying(Mqtt5PubAckException.class,
                e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED));
        assertThat(broker.ingress().failed()).isGreaterThanOrEqualTo(2);
    }

    private static byte[] payload(long id) {
        byte[] bytes = new byte[PAYLOAD];
        ByteBuffer.wrap(bytes).putLong(id).putLong(PAYLOAD - 8, ~id);
        return bytes;
    }
}
