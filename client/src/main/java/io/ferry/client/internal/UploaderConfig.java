package io.ferry.client.internal;

import static java.util.Objects.requireNonNull;

import io.ferry.client.MqttVersion;
import io.ferry.protocol.Mode;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Everything a {@link DefaultFerryUploader} is built from; {@link io.ferry.client.FerryUploaderBuilder} fills it
 * with defaults and validates the user's values.
 *
 * @param segmentSize    segment bytes, or 0 to derive it from the broker's maximum packet size
 * @param maxSegmentSize cap of the derived segment size
 * @param window         segments in flight (published, result not yet received) per upload
 * @param useStatus      ask the server what it holds (Ferry's status extension) before sending and after a
 *                       reconnect; false for a plain EMQX server
 */
public record UploaderConfig(BrokerAddress broker, String clientId, String username, String password,
                             TrustManagerFactory trustManagers, KeyManagerFactory keyManagers, MqttVersion version,
                             Mode mode, int segmentSize, int maxSegmentSize, int window, boolean useStatus,
                             Duration connectTimeout, Duration responseTimeout, Duration statusTimeout,
                             Duration finTimeout, Duration keepAlive, Duration reconnectInitial,
                             Duration reconnectMax, Duration quotaInitial, Duration quotaMax,
                             int maxSegmentAttempts, int maxFinRounds, Clock clock) {
    public UploaderConfig {
        requireNonNull(broker, "broker");
        requireNonNull(clientId, "clientId");
        requireNonNull(version, "version");
        requireNonNull(mode, "mode");
        requireNonNull(clock, "clock");
        for (Duration d : new Duration[] {connectTimeout, responseTimeout, statusTimeout, finTimeout, keepAlive,
                reconnectInitial, reconnectMax, quotaInitial, quotaMax}) {
            requireNonNull(d, "timeouts and delays");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts and delays must be > 0: " + d);
            }
        }
        if (clientId.isEmpty()) {
            throw new IllegalArgumentException("clientId must not be empty");
        }
        if (segmentSize != 0 && segmentSize < SegmentSizing.MIN_SEGMENT) {
            throw new IllegalArgumentException("segmentSize must be 0 (auto) or >= " + SegmentSizing.MIN_SEGMENT
                    + ": " + segmentSize);
        }
        if (maxSegmentSize < SegmentSizing.MIN_SEGMENT) {
            throw new IllegalArgumentException("maxSegmentSize must be >= " + SegmentSizing.MIN_SEGMENT + ": "
                    + maxSegmentSize);
        }
        if (window < 1 || window > 1024) {
            throw new IllegalArgumentException("window must be in [1, 1024]: " + window);
        }
        if (maxSegmentAttempts < 1 || maxFinRounds < 1) {
            throw new IllegalArgumentException("maxSegmentAttempts and maxFinRounds must be >= 1");
        }
    }

    String responseTopic() {
        return io.ferry.protocol.FerryMqtt.RESPONSE_PREFIX + clientId;
    }

    @Override
    public String toString() {
        return "UploaderConfig[broker=" + broker + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "null" : "******") + ", version=" + version + ", mode=" + mode
                + ", segmentSize=" + (segmentSize == 0 ? "auto(max " + maxSegmentSize + ")" : segmentSize)
                + ", window=" + window + ", useStatus=" + useStatus + ", responseTimeout=" + responseTimeout
                + ", finTimeout=" + finTimeout + "]";
    }
}
