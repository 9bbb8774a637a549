package io.ferry.broker.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per source address: after {@code maxFailures} within one window, every CONNECT from that address is
 * refused without checking its credentials until the window ends, so a password cannot be guessed at wire speed.
 * At most {@link #MAX_SOURCES} addresses are tracked; expired ones are dropped first, then arbitrary ones.
 */
final class LoginThrottle {
    static final int MAX_SOURCES = 100_000;

    private record Window(long startedAt, int failures) {
    }

    private final int maxFailures;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    LoginThrottle(int maxFailures, Duration window, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be >= 1: " + maxFailures);
        }
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    boolean blocked(String source) {
        Window window = windows.get(source);
        return window != null && !expired(window, clock.millis()) && window.failures() >= maxFailures;
    }

    /** Counts one failure; true when this failure is the one that blocks the source (log it once). */
    boolean failed(String source) {
        long now = clock.millis();
        if (windows.size() >= MAX_SOURCES && !windows.containsKey(source)) {
            evict(now);
        }
        Window updated = windows.merge(source, new Window(now, 1),
                (old, one) -> expired(old, now) ? one : new Window(old.startedAt(), old.failures() + 1));
        return updated.failures() == maxFailures;
    }

    void succeeded(String source) {
        windows.remove(source);
    }

    private boolean expired(Window window, long now) {
        return now - window.startedAt() >= windowMillis;
    }

    private void evict(long now) {
        windows.values().removeIf(window -> expired(window, now));
        Iterator<String> oldest = windows.keySet().iterator();
        while (windows.size() >= MAX_SOURCES && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }
}
