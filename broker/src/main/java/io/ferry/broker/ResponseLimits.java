package io.ferry.broker;

import static java.util.Objects.requireNonNull;

import io.ferry.config.Settings;
import java.time.Duration;

/**
 * How long and how much each broker node keeps of responses it could not (yet) deliver, so a device that
 * reconnects to any node still gets them (see {@link ResponseDelivery}).
 *
 * @param window       responses older than this are no longer delivered; also how far back a starting node reads
 * @param maxBytes     the node's whole buffer of undelivered responses; the oldest go first
 * @param maxPerClient undelivered responses kept per clientId; the oldest go first
 */
public record ResponseLimits(Duration window, long maxBytes, int maxPerClient) {
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_MAX_PER_CLIENT = 256;

    public ResponseLimits {
        requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1: " + maxBytes);
        }
        if (maxPerClient < 1) {
            throw new IllegalArgumentException("maxPerClient must be >= 1: " + maxPerClient);
        }
    }

    public static ResponseLimits defaults() {
        return new ResponseLimits(DEFAULT_WINDOW, DEFAULT_MAX_BYTES, DEFAULT_MAX_PER_CLIENT);
    }

    static ResponseLimits fromSettings(Settings settings) {
        Duration window = settings.get(BrokerSettings.RESPONSES_WINDOW);
        long maxBytes = settings.get(BrokerSettings.RESPONSES_MAX_BYTES);
        int perClient = settings.get(BrokerSettings.RESPONSES_MAX_PER_CLIENT);
        return new ResponseLimits(window, maxBytes, perClient);
    }
}
