package io.ferry.bridge;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.ferry.protocol.FerryMqtt;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves commands from Ferry's broker into Kafka and responses from Kafka back to devices. One persistent MQTT 5
 * session, shared subscriptions {@code $share/ferry/$file/#} and {@code $share/ferry/$file-async/#} at QoS 1 with
 * manual acknowledgement; add instances to scale.
 */
public final class MqttBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttBridge.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** Well past HiveMQ's shared-subscription cache lifetime (1 s), see {@link #resubscribe}. */
    private static final Duration RESUBSCRIBE_AFTER = Duration.ofSeconds(3);

    private final BridgeConfig config;
    private final Mqtt5AsyncClient mqtt;
    private final KafkaOut kafka;
    private final CommandIngest ingest;
    private final ResponseRelay responses;
    private final ExecutorService ingestThread;
    private final ScheduledExecutorService retryThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MqttBridge(BridgeConfig config, Mqtt5AsyncClient mqtt, KafkaOut kafka, CommandIngest ingest,
                       ResponseRelay responses, ExecutorService ingestThread, ScheduledExecutorService retryThread) {
        this.config = config;
        this.mqtt = mqtt;
        this.kafka = kafka;
        this.ingest = ingest;
        this.responses = responses;
        this.ingestThread = ingestThread;
        this.retryThread = retryThread;
    }

    /** Connects, subscribes and starts relaying; returns once the subscriptions are granted. */
    public static MqttBridge start(BridgeConfig config) {
        return start(config, Clock.systemUTC());
    }

    static MqttBridge start(BridgeConfig config, Clock clock) {
        MqttConfig m = config.mqtt();
        KafkaOut kafka = new KafkaOut(config.kafka(), config.topics(), m.clientId());
        // One thread keeps commands in the order the broker delivered them, per bridge, into Kafka.
        ExecutorService ingestThread = Executors.newSingleThreadExecutor(named("ferry-bridge-ingest"));
        ScheduledExecutorService retryThread = Executors.newSingleThreadScheduledExecutor(named("ferry-bridge-retry"));
        CommandIngest ingest = new CommandIngest(new CommandMapper(config.maxSegmentBytes(),
                config.subSegmentBytes(), config.maxInitBytes()), kafka, clock, retryThread);
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        Mqtt5AsyncClient mqtt = client(m, subscribed);
        // Registered before connecting, so nothing the persistent session holds is missed.
        mqtt.publishes(MqttGlobalPublishFilter.ALL, ingest, ingestThread, true);
        ResponseRelay responses = new ResponseRelay(config.kafka(), config.topics(), mqtt, m.clientId());
        MqttBridge bridge = new MqttBridge(config, mqtt, kafka, ingest, responses, ingestThread, retryThread);
        mqtt.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(m.sessionExpiry().getSeconds())
                .restrictions().receiveMaximum(m.inFlight()).applyRestrictions()
                .send();
        bridge.awaitSubscribed(subscribed);
        responses.start();
        LOG.info("Ferry bridge started clientId={} broker={}:{} commands={} responses={}", m.clientId(), m.host(),
                m.port(), config.topics().commands(), config.topics().responses());
        return bridge;
    }

    private static Mqtt5AsyncClient client(MqttConfig m, CompletableFuture<Void> subscribed) {
        AtomicReference<Mqtt5AsyncClient> self = new AtomicReference<>();
        Mqtt5AsyncClient mqtt = MqttClient.builder().useMqttVersion5()
                .identifier(m.clientId())
                .serverHost(m.host())
                .serverPort(m.port())
                .simpleAuth().username(m.username()).password(m.password().getBytes(UTF_8)).applySimpleAuth()
                .automaticReconnect().initialDelay(500, TimeUnit.MILLISECONDS).maxDelay(10, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(context -> subscribe(self.get(), subscribed))
                .addDisconnectedListener(context -> {
                    // At start, refused credentials will not fix themselves (an unreachable broker may still come
                    // up); later the bridge keeps trying, since devices depend on it.
                    if (!subscribed.isDone() && context.getCause() instanceof Mqtt5ConnAckException) {
                        context.getReconnector().reconnect(false);
                        subscribed.completeExceptionally(context.getCause());
                    }
                })
                .buildAsync();
        self.set(mqtt);
        return mqtt;
    }

    private void awaitSubscribed(CompletableFuture<Void> subscribed) {
        MqttConfig m = config.mqtt();
        try {
            subscribed.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("bridge " + m.clientId() + " could not subscribe at " + m.host() + ":"
                    + m.port() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting the bridge", e);
        }
    }

    /**
     * For health probes: true while the bridge works or recovers (an MQTT or Kafka outage is retried, not fatal);
     * false once a part of it died and only a restart helps.
     */
    public boolean isRunning() {
        return responses.isRunning() && !ingestThread.isShutdown();
    }

    public String clientId() {
        return config.mqtt().clientId();
    }

    /** Commands written to Kafka / answered directly since start. */
    public long forwarded() {
        return ingest.forwarded();
    }

    public long rejected() {
        return ingest.rejected();
    }

    /**
     * Stops taking commands, lets those taken finish (Kafka ack, then MQTT ack; up to 10 s), stops relaying
     * responses and disconnects. The session stays with the broker: anything delivered but not acknowledged is
     * redelivered (to this clientId on reconnect, or to another bridge).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ingest.stopTaking();
        if (!ingest.awaitIdle(DRAIN_TIMEOUT)) {
            LOG.warn("Stopping with commands not yet in Kafka; the broker will redeliver them");
        }
        shutdown();
    }

    /** Like a crash: acknowledges nothing more, waits for nothing; for tests of redelivery. */
    void closeAbruptly() {
        if (closed.compareAndSet(false, true)) {
            shutdown();
        }
    }

    private void shutdown() {
        ingest.close();
        responses.close();
        try {
            mqtt.disconnect().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("Disconnect: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ingestThread.shutdownNow();
        retryThread.shutdownNow();
        kafka.close();
    }

    /** On every (re)connect: a lost session has lost its subscriptions, and a kept one is not harmed. */
    private static void subscribe(Mqtt5AsyncClient mqtt, CompletableFuture<Void> subscribed) {
        sendSubscribe(mqtt).whenComplete((subAck, error) -> {
            if (error == null && granted(subAck)) {
                subscribed.complete(null);
                CompletableFuture.delayedExecutor(RESUBSCRIBE_AFTER.toMillis(), TimeUnit.MILLISECONDS)
                        .execute(() -> resubscribe(mqtt));
            } else {
                LOG.error("Bridge subscriptions refused (check the bridge credentials): {}",
                        error != null ? error.toString() : subAck.getReasonCodes());
                subscribed.completeExceptionally(error != null ? error
                        : new IllegalStateException("subscriptions refused: " + subAck.getReasonCodes()));
            }
        });
    }

    /**
     * HiveMQ CE (2025.5) can mark a new connection as having no shared subscription when its connect-time poll of the
     * session races the bridge's SUBSCRIBE, and the flag sticks for the connection: queued commands then reach this
     * bridge only when another command arrives while none is in flight, so uploads stall as soon as devices wait for
     * answers (seen in the system tests; about 4 in 100 connections under load). The same SUBSCRIBE again, once the
     * broker's 1 s subscription cache has expired, clears the flag and polls the queues; otherwise it changes nothing.
     */
    private static void resubscribe(Mqtt5AsyncClient mqtt) {
        if (!mqtt.getState().isConnected()) {
            return;
        }
        sendSubscribe(mqtt).whenComplete((subAck, error) -> {
            if (error != null || !granted(subAck)) {
                // The next connection subscribes (and re-subscribes) again.
                LOG.warn("Bridge re-subscription failed: {}", error != null ? error.toString()
                        : subAck.getReasonCodes());
            }
        });
    }

    private static CompletableFuture<Mqtt5SubAck> sendSubscribe(Mqtt5AsyncClient mqtt) {
        return mqtt.subscribeWith()
                .addSubscription().topicFilter(FerryMqtt.sharedFilter(FerryMqtt.SYNC_FILTER))
                .qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .addSubscription().topicFilter(FerryMqtt.sharedFilter(FerryMqtt.ASYNC_FILTER))
                .qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .send();
    }

    private static boolean granted(Mqtt5SubAck subAck) {
        return subAck.getReasonCodes().stream().allMatch(code -> code == Mqtt5SubAckReasonCode.GRANTED_QOS_1
                || code == Mqtt5SubAckReasonCode.GRANTED_QOS_2);
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
