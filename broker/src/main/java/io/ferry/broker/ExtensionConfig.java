package io.ferry.broker;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.config.Settings;
import java.time.Duration;

/**
 * What Ferry's HiveMQ extension needs, embedded or in a container: the bridge credentials and the ingress
 * back-pressure limits (see {@link IngressGate}).
 *
 * @param backlogMaxMessages commands accepted from devices and not yet acknowledged by a bridge, above which
 *                           device publishes are held (their PUBACK waits)
 * @param backlogMaxBytes    the same limit in payload bytes; one command larger than it still passes when the
 *                           backlog is empty
 * @param holdTimeout        how long a publish is held before it fails visibly (MQTT 5: PUBACK 0x97 quota exceeded;
 *                           MQTT 3: disconnect)
 * @param pollInterval       how often bridge presence is checked and hold deadlines are enforced
 */
public record ExtensionConfig(String bridgeUsername, String bridgePassword, int backlogMaxMessages,
                              long backlogMaxBytes, Duration holdTimeout, Duration pollInterval) {
    public static final String DEFAULT_BRIDGE_USERNAME = "ferry-bridge";
    /**
     * Holding is the exception, not the steady state: every held publish is an async task at the head of its
     * client's queue in HiveMQ's extension executor, and with ~1,000 devices held at once (256 here before) that
     * executor stopped delivering the bridges' PUBACKs, so nothing was ever admitted again (docs/benchmarks.md, c).
     * The byte limit still bounds the backlog's size; BrokerConfig's queue limit (10,000) stays above twice this.
     */
    public static final int DEFAULT_BACKLOG_MAX_MESSAGES = 4096;
    public static final long DEFAULT_BACKLOG_MAX_BYTES = 256L * 1024 * 1024;
    public static final Duration DEFAULT_HOLD_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);

    public ExtensionConfig {
        requireNonNull(bridgeUsername, "bridgeUsername");
        requireNonNull(bridgePassword, "bridgePassword");
        requireNonNull(holdTimeout, "holdTimeout");
        requireNonNull(pollInterval, "pollInterval");
        if (bridgeUsername.isEmpty()) {
            throw new IllegalArgumentException("bridgeUsername must not be empty");
        }
        if (bridgePassword.isEmpty()) {
            throw new IllegalArgumentException("bridgePassword must not be empty");
        }
        if (backlogMaxMessages < 1) {
            throw new IllegalArgumentException("backlogMaxMessages must be >= 1: " + backlogMaxMessages);
        }
        if (backlogMaxBytes < 1) {
            throw new IllegalArgumentException("backlogMaxBytes must be >= 1: " + backlogMaxBytes);
        }
        if (holdTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("holdTimeout must be >= 1s: " + holdTimeout);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be > 0: " + pollInterval);
        }
    }

    public static ExtensionConfig withPassword(String bridgePassword) {
        return new ExtensionConfig(DEFAULT_BRIDGE_USERNAME, bridgePassword, DEFAULT_BACKLOG_MAX_MESSAGES,
                DEFAULT_BACKLOG_MAX_BYTES, DEFAULT_HOLD_TIMEOUT, DEFAULT_POLL_INTERVAL);
    }

    /**
     * Reads {@code ferry.bridge.*} and {@code ferry.broker.backlog|hold|poll.*}, then validates the settings, so a
     * {@link io.ferry.protocol.config.ConfigException} names every bad key read so far.
     */
    public static ExtensionConfig fromSettings(Settings settings) {
        String username = settings.string("ferry.bridge.username", DEFAULT_BRIDGE_USERNAME);
        String password = settings.required("ferry.bridge.password");
        int maxMessages = settings.integer("ferry.broker.backlog.max.messages", DEFAULT_BACKLOG_MAX_MESSAGES,
                1, 1_000_000);
        long maxBytes = settings.longValue("ferry.broker.backlog.max.bytes", DEFAULT_BACKLOG_MAX_BYTES,
                1, Long.MAX_VALUE);
        Duration hold = settings.duration("ferry.broker.hold.timeout", DEFAULT_HOLD_TIMEOUT);
        Duration poll = settings.duration("ferry.broker.poll.interval", DEFAULT_POLL_INTERVAL);
        if (hold.compareTo(Duration.ofSeconds(1)) < 0) {
            settings.addError("ferry.broker.hold.timeout: must be at least 1s");
            hold = DEFAULT_HOLD_TIMEOUT;
        }
        if (poll.isZero() || poll.isNegative()) {
            settings.addError("ferry.broker.poll.interval: must be positive");
            poll = DEFAULT_POLL_INTERVAL;
        }
        settings.validate();
        return new ExtensionConfig(username, password, maxMessages, maxBytes, hold, poll);
    }

    public ExtensionConfig withBacklog(int maxMessages, long maxBytes) {
        return new ExtensionConfig(bridgeUsername, bridgePassword, maxMessages, maxBytes, holdTimeout, pollInterval);
    }

    public ExtensionConfig withHoldTimeout(Duration timeout) {
        return new ExtensionConfig(bridgeUsername, bridgePassword, backlogMaxMessages, backlogMaxBytes, timeout,
                pollInterval);
    }

    @Override
    public String toString() {
        return "ExtensionConfig[bridgeUsername=" + bridgeUsername + ", bridgePassword=******"
                + ", backlogMaxMessages=" + backlogMaxMessages + ", backlogMaxBytes=" + backlogMaxBytes
                + ", holdTimeout=" + holdTimeout + ", pollInterval=" + pollInterval + "]";
    }
}
