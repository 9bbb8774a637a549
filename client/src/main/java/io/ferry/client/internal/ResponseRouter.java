package io.ferry.client.internal;

import io.ferry.protocol.Json;
import io.ferry.protocol.Response;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches response messages to the commands waiting for them. With MQTT 5 every command carries unique
 * Correlation-Data, which the server echoes, so a late answer to an earlier attempt is told apart from the current
 * one; without it (MQTT 3.1.1, or a server that drops it) the response's {@code topic} is matched, oldest waiter
 * first. Used on the uploader's event thread only.
 */
final class ResponseRouter {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseRouter.class);

    /** One command waiting for its response. */
    static final class Waiter {
        final String topic;
        final ByteBuffer correlation;
        final CompletableFuture<Response> response = new CompletableFuture<>();

        private Waiter(String topic, ByteBuffer correlation) {
            this.topic = topic;
            this.correlation = correlation;
        }
    }

    private final Map<ByteBuffer, Waiter> byCorrelation = new HashMap<>();
    private final Map<String, ArrayDeque<Waiter>> byTopic = new HashMap<>();
    private long nextCorrelation;
    private long unmatched;

    /** Registers a command about to be published; {@code correlated} when the transport echoes Correlation-Data. */
    Waiter expect(String topic, boolean correlated) {
        ByteBuffer correlation = null;
        if (correlated) {
            correlation = ByteBuffer.allocate(Long.BYTES).putLong(0, ++nextCorrelation).asReadOnlyBuffer();
            correlation.clear();
        }
        Waiter waiter = new Waiter(topic, correlation);
        if (correlation != null) {
            byCorrelation.put(correlation, waiter);
        }
        byTopic.computeIfAbsent(topic, t -> new ArrayDeque<>()).addLast(waiter);
        return waiter;
    }

    /** Routes one message from the response topic; returns whether a waiter took it. */
    boolean onMessage(byte[] payload, byte[] correlationData) {
        Response response;
        try {
            response = Json.read(payload, Response.class);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            LOG.warn("ignoring a message on the response topic that is not a response: {}", e.getMessage());
            unmatched++;
            return false;
        }
        Waiter waiter = correlationData != null
                ? byCorrelation.get(ByteBuffer.wrap(correlationData))
                : oldestFor(response.topic());
        if (waiter == null) {
            LOG.debug("no command waits for the response to {} (late or duplicate)", response.topic());
            unmatched++;
            return false;
        }
        remove(waiter);
        waiter.response.complete(response);
        return true;
    }

    private Waiter oldestFor(String topic) {
        ArrayDeque<Waiter> queue = byTopic.get(topic);
        return queue == null ? null : queue.peekFirst();
    }

    /** Stops waiting: after a timeout or when the command is given up. */
    void remove(Waiter waiter) {
        if (waiter.correlation != null) {
            byCorrelation.remove(waiter.correlation);
        }
        ArrayDeque<Waiter> queue = byTopic.get(waiter.topic);
        if (queue != null) {
            queue.remove(waiter);
            if (queue.isEmpty()) {
                byTopic.remove(waiter.topic);
            }
        }
    }

    /** Fails every waiter, e.g. when the connection is lost and the answers will never come. */
    void failAll(Throwable cause) {
        List<Waiter> all = new ArrayList<>();
        byTopic.values().forEach(all::addAll);
        byTopic.clear();
        byCorrelation.clear();
        // Completing runs the waiters' callbacks, which may register new commands: the maps are already clear.
        all.forEach(w -> w.response.completeExceptionally(cause));
    }

    int waiting() {
        return byTopic.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    long unmatched() {
        return unmatched;
    }
}
