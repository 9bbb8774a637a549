package io.ferry.client.internal;

import java.time.Clock;
import java.util.ArrayDeque;

/** Bytes per second over a sliding window, so the rate reacts to stalls and reconnects within seconds. */
final class RateMeter {
    private record Sample(long atMillis, long total) {
    }

    private final Clock clock;
    private final long windowMillis;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    RateMeter(Clock clock, long windowMillis) {
        this.clock = clock;
        this.windowMillis = windowMillis;
    }

    /** Records the running total of bytes. */
    void record(long total) {
        long now = clock.millis();
        samples.addLast(new Sample(now, total));
        while (samples.size() > 2 && samples.peekFirst().atMillis() < now - windowMillis) {
            samples.removeFirst();
        }
    }

    /** Bytes per second between the oldest sample in the window and now; 0 until there are two samples. */
    double bytesPerSecond() {
        if (samples.size() < 2) {
            return 0;
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        long now = Math.max(clock.millis(), last.atMillis());
        long elapsed = now - first.atMillis();
        if (elapsed <= 0) {
            return 0;
        }
        return (last.total() - first.total()) * 1000.0 / elapsed;
    }
}
