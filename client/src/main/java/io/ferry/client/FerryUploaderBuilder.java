package io.ferry.client;

import static java.util.Objects.requireNonNull;

import io.ferry.client.internal.BrokerAddress;
import io.ferry.client.internal.DefaultFerryUploader;
import io.ferry.client.internal.UploaderConfig;
import io.ferry.protocol.Mode;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** Builds a {@link FerryUploader}; every setter validates its argument and names it when it is wrong. */
public final class FerryUploaderBuilder {
    public static final String DEFAULT_BROKER = "mqtt://localhost:1883";
    /** Cap of the automatic segment size: EMQX's default max packet is 1 MB, and big segments stall a connection. */
    public static final int DEFAULT_MAX_SEGMENT_SIZE = 512 * 1024;
    public static final int DEFAULT_WINDOW = 8;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STATUS_TIMEOUT = Duration.ofSeconds(10);
    /** fin waits for the export; EMQX's assemble_timeout is 5 minutes. */
    public static final Duration DEFAULT_FIN_TIMEOUT = Duration.ofMinutes(10);

    private BrokerAddress broker = BrokerAddress.parse(DEFAULT_BROKER);
    private String clientId;
    private String username;
    private String password;
    private TrustManagerFactory trustManagers;
    private KeyManagerFactory keyManagers;
    private MqttVersion version = MqttVersion.MQTT_5;
    private Mode mode = Mode.SYNC;
    private int segmentSize;
    private int maxSegmentSize = DEFAULT_MAX_SEGMENT_SIZE;
    private int window = DEFAULT_WINDOW;
    private boolean useStatus = true;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
    private Duration statusTimeout = DEFAULT_STATUS_TIMEOUT;
    private Duration finTimeout = DEFAULT_FIN_TIMEOUT;
    private Duration keepAlive = Duration.ofSeconds(30);
    private Duration reconnectInitial = Duration.ofMillis(250);
    private Duration reconnectMax = Duration.ofSeconds(10);
    private Duration quotaInitial = Duration.ofMillis(500);
    private Duration quotaMax = Duration.ofSeconds(30);
    private int maxSegmentAttempts = 10;
    private int maxFinRounds = 5;
    private Clock clock = Clock.systemUTC();

    FerryUploaderBuilder() {
    }

    /** {@code mqtt://host:1883} or {@code mqtts://host:8883} (TLS with the JVM's trust store unless given). */
    public FerryUploaderBuilder broker(String uri) {
        this.broker = BrokerAddress.parse(uri);
        return this;
    }

    /** The MQTT client identifier; the server keys transfers by it, so keep it stable to resume. Required. */
    public FerryUploaderBuilder clientId(String clientId) {
        requireNonNull(clientId, "clientId");
        if (clientId.isEmpty() || clientId.contains("/") || clientId.contains("+") || clientId.contains("#")) {
            throw new IllegalArgumentException("clientId must be non-empty without '/', '+', '#': " + clientId);
        }
        this.clientId = clientId;
        return this;
    }

    public FerryUploaderBuilder credentials(String username, String password) {
        this.username = requireNonNull(username, "username");
        this.password = password;
        return this;
    }

    /** TLS with these trust (and optionally key) managers; implied by an {@code mqtts://} broker. */
    public FerryUploaderBuilder tls(TrustManagerFactory trustManagers, KeyManagerFactory keyManagers) {
        this.trustManagers = trustManagers;
        this.keyManagers = keyManagers;
        return this;
    }

    public FerryUploaderBuilder mqttVersion(MqttVersion version) {
        this.version = requireNonNull(version, "version");
        return this;
    }

    /** {@link Mode#SYNC} ({@code $file/}, default) or {@link Mode#ASYNC} ({@code $file-async/}). */
    public FerryUploaderBuilder mode(Mode mode) {
        this.mode = requireNonNull(mode, "mode");
        return this;
    }

    /** Segment bytes; 0 (default) derives it from the broker's maximum packet size, capped by maxSegmentSize. */
    public FerryUploaderBuilder segmentSize(int bytes) {
        this.segmentSize = bytes;
        return this;
    }

    public FerryUploaderBuilder maxSegmentSize(int bytes) {
        this.maxSegmentSize = bytes;
        return this;
    }

    /** Segments in flight per upload (published, response not yet received). */
    public FerryUploaderBuilder window(int segments) {
        this.window = segments;
        return this;
    }

    /** Whether to ask Ferry's status extension what the server holds; false for a plain EMQX server. */
    public FerryUploaderBuilder useStatus(boolean useStatus) {
        this.useStatus = useStatus;
        return this;
    }

    public FerryUploaderBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = requireNonNull(timeout, "connectTimeout");
        return this;
    }

    /** How long to wait for a segment's or init's response after its PUBACK. */
    public FerryUploaderBuilder responseTimeout(Duration timeout) {
        this.responseTimeout = requireNonNull(timeout, "responseTimeout");
        return this;
    }

    /** How long to wait for a status answer before deciding the server has no status extension. */
    public FerryUploaderBuilder statusTimeout(Duration timeout) {
        this.statusTimeout = requireNonNull(timeout, "statusTimeout");
        return this;
    }

    /** How long to wait for fin's result (the server verifies and exports the file first). */
    public FerryUploaderBuilder finTimeout(Duration timeout) {
        this.finTimeout = requireNonNull(timeout, "finTimeout");
        return this;
    }

    public FerryUploaderBuilder keepAlive(Duration keepAlive) {
        this.keepAlive = requireNonNull(keepAlive, "keepAlive");
        return this;
    }

    public FerryUploaderBuilder reconnectDelay(Duration initial, Duration max) {
        this.reconnectInitial = requireNonNull(initial, "initial");
        this.reconnectMax = requireNonNull(max, "max");
        return this;
    }

    /** Backoff after {@code quota_exceeded} (151). */
    public FerryUploaderBuilder quotaBackoff(Duration initial, Duration max) {
        this.quotaInitial = requireNonNull(initial, "initial");
        this.quotaMax = requireNonNull(max, "max");
        return this;
    }

    /** Sends of one segment (checksum_mismatch, timeouts) before the upload fails. */
    public FerryUploaderBuilder maxSegmentAttempts(int attempts) {
        this.maxSegmentAttempts = attempts;
        return this;
    }

    /** fin commands (after incomplete answers or timeouts) before the upload fails. */
    public FerryUploaderBuilder maxFinRounds(int rounds) {
        this.maxFinRounds = rounds;
        return this;
    }

    public FerryUploaderBuilder clock(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        return this;
    }

    /** The uploader, not yet connected: {@link FerryUploader#connect()} or the first upload connects it. */
    public FerryUploader build() {
        if (clientId == null) {
            throw new IllegalArgumentException("clientId is required");
        }
        return new DefaultFerryUploader(new UploaderConfig(broker, clientId, username, password, trustManagers,
                keyManagers, version, mode, segmentSize, maxSegmentSize, window, useStatus, connectTimeout,
                responseTimeout, statusTimeout, finTimeout, keepAlive, reconnectInitial, reconnectMax, quotaInitial,
                quotaMax, maxSegmentAttempts, maxFinRounds, clock));
    }
}
