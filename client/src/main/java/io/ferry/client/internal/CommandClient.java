package io.ferry.client.internal;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import io.ferry.client.FerryUploadException;
import io.ferry.protocol.Response;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command/response channel over one MQTT connection: publishes a command, waits for its response, and tracks
 * whether the connection (with the response topic subscribed) is up. Everything but the MQTT callbacks runs on the
 * uploader's event thread.
 */
final class CommandClient implements MqttTransport.Events {
    private static final Logger LOG = LoggerFactory.getLogger(CommandClient.class);
    /** After a PUBACK error (EMQX's sync mode carries the result there) the response usually follows at once. */
    private static final Duration PUBACK_ERROR_GRACE = Duration.ofSeconds(5);

    interface Listener {
        void online();

        void offline();

        /** The connection cannot be made or used (refused, subscription denied, first connect timed out). */
        void failed(FerryUploadException failure);
    }

    private final UploaderConfig config;
    private final MqttTransport transport;
    private final ScheduledExecutorService loop;
    private final ResponseRouter router = new ResponseRouter();
    private final CompletableFuture<Void> firstOnline = new CompletableFuture<>();
    private final Listener listener;
    private boolean connecting;
    private boolean transportUp;
    private boolean online;
    private boolean closed;
    private long connection;
    private long maxPacketSize;
    private Boolean statusSupported;

    CommandClient(UploaderConfig config, MqttTransport transport, ScheduledExecutorService loop, Listener listener) {
        this.config = config;
        this.transport = transport;
        this.loop = loop;
        this.listener = listener;
        this.statusSupported = config.useStatus() ? null : Boolean.FALSE;
    }

    /** Starts connecting once; the future completes when first online. Any thread. */
    CompletableFuture<Void> connect() {
        post(() -> {
            if (connecting || closed) {
                return;
            }
            connecting = true;
            LOG.info("connecting to {} clientId={} {}", config.broker(), config.clientId(), config.version());
            transport.connect(this);
            loop.schedule(() -> {
                if (!firstOnline.isDone()) {
                    fatal(FerryUploadException.local(null, "connect_timeout", "cannot connect to " + config.broker()
                            + " within " + config.connectTimeout().toSeconds() + " s", null));
                }
            }, config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        });
        return firstOnline;
    }

    @Override
    public void connected(long brokerMaxPacketSize) {
        post(() -> {
            long current = ++connection;
            transportUp = true;
            maxPacketSize = brokerMaxPacketSize;
            transport.subscribe(config.responseTopic())
                    .whenComplete((ok, error) -> post(() -> subscribed(current, error)));
        });
    }

    private void subscribed(long forConnection, Throwable error) {
        if (closed || forConnection != connection || !transportUp) {
            return;
        }
        if (error != null) {
            fatal(FerryUploadException.local(null, "subscribe_failed", "cannot subscribe to "
                    + config.responseTopic() + ": " + unwrap(error).getMessage(), unwrap(error)));
            return;
        }
        online = true;
        LOG.info("online at {} clientId={} maxPacketSize={}", config.broker(), config.clientId(), maxPacketSize);
        firstOnline.complete(null);
        listener.online();
    }

    @Override
    public void disconnected(Throwable cause) {
        post(() -> {
            transportUp = false;
            if (cause instanceof Mqtt5ConnAckException || cause instanceof Mqtt3ConnAckException) {
                fatal(FerryUploadException.local(null, "connection_refused", "broker refused the connection: "
                        + cause.getMessage(), cause));
                return;
            }
            if (online) {
                online = false;
                LOG.warn("connection lost clientId={}: {}", config.clientId(), cause.getMessage());
                router.failAll(new SessionHost.ConnectionLostException("connection lost: " + cause.getMessage()));
                listener.offline();
            }
        });
    }

    @Override
    public void message(String topic, byte[] payload, byte[] correlationData) {
        post(() -> {
            if (topic.equals(config.responseTopic())) {
                router.onMessage(payload, correlationData);
            }
        });
    }

    /** See {@link SessionHost#request}. Event thread only. */
    CompletableFuture<Response> request(String topic, ByteBuffer payload, Duration timeout) {
        if (!online) {
            CompletableFuture<Response> failed = new CompletableFuture<>();
            post(() -> failed.completeExceptionally(new SessionHost.ConnectionLostException("offline")));
            return failed;
        }
        ResponseRouter.Waiter waiter = router.expect(topic, transport.correlates());
        byte[] correlation = waiter.correlation == null ? null : MqttTransports.bytes(waiter.correlation);
        transport.publish(topic, payload, config.responseTopic(), correlation)
                .whenComplete((ack, error) -> post(() -> acknowledged(waiter, ack, error, timeout)));
        return waiter.response;
    }

    private void acknowledged(ResponseRouter.Waiter waiter, MqttTransport.PubAck ack, Throwable error,
                              Duration timeout) {
        if (waiter.response.isDone()) {
            return;
        }
        if (error != null) {
            router.remove(waiter);
            Throwable cause = unwrap(error);
            waiter.response.completeExceptionally(isConnectionLoss(cause)
                    ? new SessionHost.ConnectionLostException("connection lost: " + cause.getMessage())
                    : new IllegalStateException("publish to " + waiter.topic + " failed: " + cause, cause));
            return;
        }
        if (ack.reasonCode() == MqttTransport.PubAck.QUOTA_EXCEEDED) {
            router.remove(waiter);
            waiter.response.complete(standIn(waiter.topic, ack.reasonCode(), "quota_exceeded"));
            return;
        }
        Duration wait = ack.isError() && PUBACK_ERROR_GRACE.compareTo(timeout) < 0 ? PUBACK_ERROR_GRACE : timeout;
        ScheduledFuture<?> timer = loop.schedule(() -> {
            if (!waiter.response.isDone()) {
                router.remove(waiter);
                if (ack.isError()) {
                    waiter.response.complete(standIn(waiter.topic, ack.reasonCode(), "puback_error"));
                } else {
                    waiter.response.completeExceptionally(new SessionHost.ResponseTimeoutException(waiter.topic,
                            timeout));
                }
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
        waiter.response.whenComplete((r, e) -> timer.cancel(false));
    }

    private static Response standIn(String topic, int reasonCode, String description) {
        return new Response(Response.VERSION, topic, 0, reasonCode, description, null);
    }

    private static boolean isConnectionLoss(Throwable cause) {
        return cause instanceof ConnectionClosedException || cause instanceof MqttSessionExpiredException
                || cause instanceof MqttClientStateException || cause instanceof SessionHost.ConnectionLostException;
    }

    private void fatal(FerryUploadException failure) {
        if (closed) {
            return;
        }
        LOG.warn("{} clientId={}", failure.getMessage(), config.clientId());
        closed = true;
        online = false;
        firstOnline.completeExceptionally(failure);
        router.failAll(failure);
        transport.disconnect();
        listener.failed(failure);
    }

    boolean online() {
        return online;
    }

    long maxPacketSize() {
        return maxPacketSize;
    }

    boolean statusSupported() {
        return !Boolean.FALSE.equals(statusSupported);
    }

    void statusSupported(boolean supported) {
        statusSupported = supported;
    }

    /** Disconnects; event thread only. */
    CompletableFuture<Void> close() {
        if (!closed) {
            closed = true;
            online = false;
            firstOnline.completeExceptionally(FerryUploadException.local(null, "closed", "uploader closed", null));
            router.failAll(new SessionHost.ConnectionLostException("uploader closed"));
        }
        CompletableFuture<Void> disconnected = transport.disconnect();
        // While reconnecting there is no connection to close cleanly: do not wait for one.
        return transportUp ? disconnected : CompletableFuture.completedFuture(null);
    }

    /** Hands an MQTT callback to the event thread; after close there is nobody left to tell. */
    private void post(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("event after close ignored clientId={}", config.clientId());
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
