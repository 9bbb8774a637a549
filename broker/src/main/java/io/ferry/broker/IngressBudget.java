package io.ferry.broker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node-wide half of {@link ReadThrottle}: payload bytes read from all connections and not yet PUBACKed, and the
 * connections waiting for room, first come first served, so one flooding device cannot starve the others.
 */
final class IngressBudget {
    private final long maxBytes;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong pauses = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final ArrayDeque<ReadThrottle> waiting = new ArrayDeque<>();

    IngressBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Adds {@code bytes}; true while the node is still within its limit. */
    boolean take(long bytes) {
        long now = pending.addAndGet(bytes);
        peak.accumulateAndGet(now, Math::max);
        return now <= maxBytes;
    }

    /** Returns {@code bytes}; wakes waiting connections in order while there is room. */
    void release(long bytes) {
        long now = pending.addAndGet(-bytes);
        if (now > maxBytes) {
            return;
        }
        List<ReadThrottle> ready = new ArrayList<>();
        synchronized (waiting) {
            // Each woken connection reads at least one more packet, so wake only as many as the room allows roughly.
            long room = maxBytes - now;
            do {
                ReadThrottle next = waiting.pollFirst();
                if (next == null) {
                    break;
                }
                ready.add(next);
                room -= next.lastPacketBytes();
            } while (room > 0);
        }
        ready.forEach(ReadThrottle::wake);
    }

    boolean hasRoom() {
        return pending.get() <= maxBytes;
    }

    /** A connection stopped reading (for its own limit or the node's). */
    void paused() {
        pauses.incrementAndGet();
    }

    /** A connection got (+1) or lost (-1) its throttle. */
    void throttled(int delta) {
        throttled.addAndGet(delta);
    }

    long throttledConnections() {
        return throttled.get();
    }

    void waitForRoom(ReadThrottle throttle) {
        synchronized (waiting) {
            if (!waiting.contains(throttle)) {
                waiting.addLast(throttle);
            }
        }
        // Room may have appeared between the caller's check and now.
        if (hasRoom()) {
            release(0);
        }
    }

    void forget(ReadThrottle throttle) {
        synchronized (waiting) {
            waiting.remove(throttle);
        }
    }

    long pendingBytes() {
        return pending.get();
    }

    long peakBytes() {
        return peak.get();
    }

    long pauses() {
        return pauses.get();
    }

    long maxBytes() {
        return maxBytes;
    }
}
