package io.ferry.broker;

import io.ferry.records.ResponseRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Responses this node read and that no node has delivered yet, per clientId, in the order of the responses topic.
 * Bounded by {@link ResponseLimits}: per client and in total the oldest go first, and nothing older than the window
 * is kept. Thread-safe.
 */
final class PendingResponses {
    /** One response and where it is in Kafka; {@code sending} while a delivery attempt is under way. */
    static final class Item {
        final ResponseRecord response;
        final int partition;
        final long offset;
        final long timestamp;
        final int size;
        boolean sending;
        /** Epoch millis before which no new attempt is made (after a device was not subscribed). */
        long notBefore;
        int failedAttempts;

        Item(ResponseRecord response, int partition, long offset, long timestamp, int size) {
            this.response = response;
            this.partition = partition;
            this.offset = offset;
            this.timestamp = timestamp;
            this.size = size;
        }
    }

    static final long FIRST_RETRY_MILLIS = 500;
    static final long MAX_RETRY_MILLIS = 30_000;

    private final ResponseLimits limits;
    private final Map<String, ArrayDeque<Item>> byClient = new HashMap<>();
    /** All items in arrival order, for the total bound; removed items are skipped lazily. */
    private final ArrayDeque<Item> arrival = new ArrayDeque<>();
    private final Set<Item> live = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private long bytes;
    private long evicted;

    PendingResponses(ResponseLimits limits) {
        this.limits = limits;
    }

    synchronized void add(Item item) {
        String clientId = item.response.replyTo().clientId();
        ArrayDeque<Item> queue = byClient.computeIfAbsent(clientId, id -> new ArrayDeque<>());
        queue.addLast(item);
        arrival.addLast(item);
        live.add(item);
        bytes += item.size;
        while (queue.size() > limits.maxPerClient()) {
            drop(queue.peekFirst());
            evicted++;
        }
        while (bytes > limits.maxBytes() && !arrival.isEmpty()) {
            Item oldest = arrival.pollFirst();
            if (live.contains(oldest)) {
                drop(oldest);
                evicted++;
            }
        }
        if (arrival.size() > 2 * live.size() + 1024) {
            // delivered items are skipped lazily; without this, one old undeliverable item would pin them all
            arrival.removeIf(candidate -> !live.contains(candidate));
        }
    }

    /** Items of {@code clientId} due for an attempt at {@code now}, marked as being sent. */
    synchronized List<Item> takeForSending(String clientId, long now) {
        ArrayDeque<Item> queue = byClient.get(clientId);
        if (queue == null) {
            return List.of();
        }
        List<Item> ready = new ArrayList<>();
        for (Item item : queue) {
            if (!item.sending && item.notBefore <= now) {
                item.sending = true;
                ready.add(item);
            }
        }
        return ready;
    }

    /**
     * A delivery attempt ended at {@code now}: a delivered item goes; one the device was not subscribed for is offered
     * again later, backing off from {@link #FIRST_RETRY_MILLIS} to {@link #MAX_RETRY_MILLIS} (a device that never
     * subscribes costs little), or at once when it (re)connects or subscribes ({@link #retryNow}).
     */
    synchronized void attempted(Item item, boolean delivered, long now) {
        item.sending = false;
        if (delivered) {
            drop(item);
            return;
        }
        long backoff = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(item.failedAttempts, 10));
        item.failedAttempts++;
        item.notBefore = now + backoff;
    }

    /** A device (re)connected: everything of it may be tried at once. */
    synchronized void retryNow(String clientId) {
        ArrayDeque<Item> queue = byClient.get(clientId);
        if (queue != null) {
            queue.forEach(item -> item.notBefore = 0);
        }
    }

    /** Some node delivered everything up to {@code offset} of {@code partition} to {@code clientId}. */
    synchronized void acknowledge(String clientId, int partition, long offset) {
        ArrayDeque<Item> queue = byClient.get(clientId);
        if (queue == null) {
            return;
        }
        List<Item> covered = new ArrayList<>();
        for (Item item : queue) {
            if (item.partition == partition && item.offset <= offset && !item.sending) {
                covered.add(item);
            }
        }
        covered.forEach(this::drop);
    }

    /** Drops everything older than {@code cutoff} (epoch millis). */
    synchronized void expire(long cutoff) {
        for (Iterator<Item> it = arrival.iterator(); it.hasNext(); ) {
            Item item = it.next();
            if (!live.contains(item)) {
                it.remove();
            } else if (item.timestamp < cutoff && !item.sending) {
                it.remove();
                drop(item);
                evicted++;
            } else if (item.timestamp >= cutoff) {
                break;
            }
        }
    }

    synchronized Set<String> clients() {
        return Set.copyOf(byClient.keySet());
    }

    synchronized int size() {
        return live.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized long evicted() {
        return evicted;
    }

    private void drop(Item item) {
        if (!live.remove(item)) {
            return;
        }
        bytes -= item.size;
        String clientId = item.response.replyTo().clientId();
        ArrayDeque<Item> queue = byClient.get(clientId);
        if (queue != null) {
            queue.remove(item);
            if (queue.isEmpty()) {
                byClient.remove(clientId);
            }
        }
    }
}
