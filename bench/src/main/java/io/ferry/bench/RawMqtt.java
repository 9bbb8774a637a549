package io.ferry.bench;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The raw-MQTT baseline: plain MQTT 5 clients publish QoS 1 messages to ordinary topics ({@code bench/raw/…}) through
 * the same broker to one plain subscriber, and only bytes the subscriber received count (HiveMQ PUBACKs QoS 1
 * messages it then drops when the subscriber's queue overflows). Each client publishes its messages with a bounded
 * number outstanding, as fast as the broker's flow control lets it.
 */
final class RawMqtt {
    private static final int OUTSTANDING_PER_CLIENT = 64;
    private static final Duration IDLE = Duration.ofSeconds(3);

    /**
     * @param published      bytes PUBACKed by the broker
     * @param delivered      bytes the subscriber received
     * @param pubackedNanos  from the start to the last PUBACK
     * @param deliveredNanos from the start to the last delivery
     * @param clientNanos    per client, from the start to the delivery of its last message (-1: not all delivered)
     */
    record Result(long published, long delivered, long pubackedNanos, long deliveredNanos, long[] clientNanos) {
        double deliveredMBps() {
            return Sizes.mbPerSecond(delivered, deliveredNanos);
        }

        double pubackedMBps() {
            return Sizes.mbPerSecond(published, pubackedNanos);
        }

        double deliveredShare() {
            return published == 0 ? 0 : (double) delivered / published;
        }

        List<Double> completedSeconds() {
            List<Double> seconds = new ArrayList<>();
            for (long nanos : clientNanos) {
                if (nanos >= 0) {
                    seconds.add(nanos / 1e9);
                }
            }
            return seconds;
        }
    }

    private RawMqtt() {
    }

    static Result run(FerryStack stack, int clients, int messagesPerClient, int messageSize) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        AtomicLong delivered = new AtomicLong();
        AtomicLong lastDelivery = new AtomicLong();
        AtomicIntegerArray perClient = new AtomicIntegerArray(clients);
        AtomicLongArray clientDone = new AtomicLongArray(clients);
        Mqtt5AsyncClient subscriber = client(stack, "bench-raw-sub-" + run);
        subscriber.publishes(MqttGlobalPublishFilter.SUBSCRIBED, publish -> {
            long now = System.nanoTime();
            delivered.addAndGet(publish.getPayload().map(ByteBuffer::remaining).orElse(0));
            lastDelivery.set(now);
            int client = clientOf(publish);
            if (perClient.incrementAndGet(client) == messagesPerClient) {
                clientDone.set(client, now);
            }
        });
        subscriber.connectWith().cleanStart(true).send().join();
        subscriber.subscribeWith().topicFilter("bench/raw/" + run + "/#").qos(MqttQos.AT_LEAST_ONCE).send().join();
        List<Mqtt5AsyncClient> publishers = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                publishers.add(client(stack, "bench-raw-pub-" + run + "-" + i));
            }
            CompletableFuture.allOf(publishers.stream().map(p -> p.connectWith().cleanStart(true).send())
                    .toArray(CompletableFuture[]::new)).orTimeout(2, TimeUnit.MINUTES).join();
            // Payloads are made before the clock starts: generating them is harness work, not MQTT's.
            List<ByteBuffer> payloads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                payloads.add(payload(messageSize, i));
            }
            long start = System.nanoTime();
            List<CompletableFuture<Long>> sending = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                sending.add(publishAll(publishers.get(i), "bench/raw/" + run + "/" + i, messagesPerClient,
                        payloads.get(i)));
            }
            long published = sending.stream().mapToLong(CompletableFuture::join).sum();
            long pubacked = System.nanoTime() - start;
            awaitQuiet(delivered, lastDelivery, published, System.nanoTime());
            long[] clientNanos = new long[clients];
            for (int i = 0; i < clients; i++) {
                clientNanos[i] = clientDone.get(i) == 0 ? -1 : clientDone.get(i) - start;
            }
            return new Result(published, delivered.get(), pubacked, lastDelivery.get() - start, clientNanos);
        } finally {
            publishers.forEach(p -> p.disconnect().exceptionally(e -> null));
            subscriber.disconnect().exceptionally(e -> null);
        }
    }

    private static Mqtt5AsyncClient client(FerryStack stack, String clientId) {
        return Mqtt5Client.builder().identifier(clientId).serverHost(stack.mqttHost()).serverPort(stack.mqttPort())
                .buildAsync();
    }

    /** Publishes on the calling thread with at most a fixed number un-PUBACKed; completes with the bytes sent. */
    private static CompletableFuture<Long> publishAll(Mqtt5AsyncClient client, String topic, int count,
                                                      ByteBuffer payload) {
        return CompletableFuture.supplyAsync(() -> {
            Semaphore outstanding = new Semaphore(OUTSTANDING_PER_CLIENT);
            AtomicLong acked = new AtomicLong();
            for (int n = 0; n < count; n++) {
                outstanding.acquireUninterruptibly();
                client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.duplicate()).send()
                        .whenComplete((r, e) -> {
                            if (e == null) {
                                acked.addAndGet(payload.remaining());
                            }
                            outstanding.release();
                        });
            }
            outstanding.acquireUninterruptibly(OUTSTANDING_PER_CLIENT);
            return acked.get();
        }, command -> new Thread(command, "bench-raw-publisher").start());
    }

    /** Until everything arrived, or nothing arrived for a while (the broker dropped the rest). */
    private static void awaitQuiet(AtomicLong delivered, AtomicLong lastDelivery, long published, long since) {
        while (delivered.get() < published) {
            long last = Math.max(lastDelivery.get(), since);
            if (System.nanoTime() - last > IDLE.toNanos()) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static int clientOf(Mqtt5Publish publish) {
        String topic = publish.getTopic().toString();
        return Integer.parseInt(topic.substring(topic.lastIndexOf('/') + 1));
    }

    private static ByteBuffer payload(int size, long seed) {
        byte[] bytes = new byte[size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) random.nextInt();
        }
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }
}
