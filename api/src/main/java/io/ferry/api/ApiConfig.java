package io.ferry.api;

import static java.util.Objects.requireNonNull;

import io.ferry.records.Topics;
import io.ferry.config.KafkaSettings;
import io.ferry.config.S3Connection;
import io.ferry.config.Settings;
import io.ferry.config.TopicSettings;
import io.ferry.storage.S3ClientSettings;
import io.ferry.storage.StorageLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Typed configuration of the API server. Tokens are secrets: {@link #toString()} masks them and nothing logs them.
 *
 * @param host            interface to bind ({@code ferry.http.host}, default all interfaces)
 * @param port            HTTP port ({@code ferry.http.port}, 0 = any free port)
 * @param adminToken      bearer token allowed everything ({@code ferry.api.token}, required)
 * @param readTokens      bearer tokens allowed only reads ({@code ferry.api.read.tokens}, comma separated)
 * @param localRoot       only {@code file:} locations under this directory are read or deleted
 *                        ({@code ferry.api.local.root}, default {@code ferry.exporter.local.root}, else its
 *                        default {@value StorageLayout#DEFAULT_LOCAL_ROOT}; null means that default)
 * @param s3              S3 access for {@code s3://} locations, or null when S3 is not configured
 * @param metricsPublic   whether {@code /metrics} needs no token ({@code ferry.api.metrics.public}, default true)
 * @param linkSecret      HMAC key of signed download links; null means a random key per process, which is fine for
 *                        one API instance but must be shared when several sit behind one load balancer
 * @param linkTtl         how long a signed download link stays valid
 * @param https           TLS for the API's port ({@code ferry.http.tls.*}), or null for plain HTTP
 */
public record ApiConfig(String host, int port, String adminToken, List<String> readTokens, String bootstrapServers,
                        Topics topics, Duration stalledAfter, Map<String, String> consumerSettings,
                        Map<String, String> producerSettings, Path localRoot, S3Settings s3, boolean metricsPublic,
                        String linkSecret, Duration linkTtl, HttpsConfig https) {
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final Duration DEFAULT_STALLED_AFTER = Duration.ofSeconds(60);
    public static final Duration DEFAULT_LINK_TTL = Duration.ofMinutes(2);

    public ApiConfig {
        requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
        }
        requireNonNull(adminToken, "adminToken");
        if (adminToken.isBlank()) {
            throw new IllegalArgumentException("adminToken must not be blank");
        }
        readTokens = List.copyOf(requireNonNull(readTokens, "readTokens"));
        requireNonNull(bootstrapServers, "bootstrapServers");
        requireNonNull(topics, "topics");
        requireNonNull(stalledAfter, "stalledAfter");
        if (stalledAfter.isNegative() || stalledAfter.isZero()) {
            throw new IllegalArgumentException("stalledAfter must be positive: " + stalledAfter);
        }
        // Never without a root: a forged catalog record must not make the API read or delete arbitrary files.
        localRoot = localRoot != null ? localRoot : Path.of(StorageLayout.DEFAULT_LOCAL_ROOT);
        consumerSettings = Map.copyOf(requireNonNull(consumerSettings, "consumerSettings"));
        producerSettings = Map.copyOf(requireNonNull(producerSettings, "producerSettings"));
        requireNonNull(linkTtl, "linkTtl");
        if (linkTtl.isNegative() || linkTtl.isZero()) {
            throw new IllegalArgumentException("linkTtl must be positive: " + linkTtl);
        }
    }

    /** Plain HTTP. */
    public ApiConfig(String host, int port, String adminToken, List<String> readTokens, String bootstrapServers,
                     Topics topics, Duration stalledAfter, Map<String, String> consumerSettings,
                     Map<String, String> producerSettings, Path localRoot, S3Settings s3, boolean metricsPublic,
                     String linkSecret, Duration linkTtl) {
        this(host, port, adminToken, readTokens, bootstrapServers, topics, stalledAfter, consumerSettings,
                producerSettings, localRoot, s3, metricsPublic, linkSecret, linkTtl, null);
    }

    /**
     * Reads {@code ferry.http.*} (including {@code ferry.http.tls.*}, see {@link HttpsConfig}), {@code ferry.api.*},
     * {@code ferry.kafka.*} and {@code ferry.topics.prefix}.
     */
    public static ApiConfig fromSettings(Settings settings) {
        String host = settings.get(ApiSettings.HTTP.host());
        int port = settings.get(ApiSettings.HTTP.port());
        String adminToken = settings.get(ApiSettings.TOKEN);
        List<String> readTokens = settings.get(ApiSettings.READ_TOKENS);
        String bootstrap = settings.get(KafkaSettings.BOOTSTRAP_SERVERS);
        Topics topics = TopicSettings.topics(settings);
        Duration stalled = settings.get(ApiSettings.STALLED_AFTER);
        // One settings file usually feeds exporter and API alike, so the exporter's root is the natural default.
        String root = settings.get(ApiSettings.LOCAL_ROOT);
        root = root != null ? root : settings.string("ferry.exporter.local.root", null);
        S3Settings s3 = S3Settings.fromSettings(settings);
        boolean metricsPublic = settings.get(ApiSettings.METRICS_PUBLIC);
        String linkSecret = settings.get(ApiSettings.LINK_SECRET);
        Duration linkTtl = settings.get(ApiSettings.LINK_TTL);
        HttpsConfig https = HttpsConfig.fromSettings(settings);
        settings.validate();
        return new ApiConfig(host, port, adminToken, readTokens, bootstrap, topics, stalled,
                settings.get(KafkaSettings.CONSUMER), settings.get(KafkaSettings.PRODUCER),
                root == null ? null : Path.of(root), s3, metricsPublic, linkSecret, linkTtl, https);
    }

    public ApiConfig withPort(int newPort) {
        return new ApiConfig(host, newPort, adminToken, readTokens, bootstrapServers, topics, stalledAfter,
                consumerSettings, producerSettings, localRoot, s3, metricsPublic, linkSecret, linkTtl, https);
    }

    public ApiConfig withHttps(HttpsConfig newHttps) {
        return new ApiConfig(host, port, adminToken, readTokens, bootstrapServers, topics, stalledAfter,
                consumerSettings, producerSettings, localRoot, s3, metricsPublic, linkSecret, linkTtl, newHttps);
    }

    @Override
    public String toString() {
        return "ApiConfig[host=" + host + ", port=" + port + ", adminToken=******, readTokens=" + readTokens.size()
                + " x ******, bootstrapServers=" + bootstrapServers + ", topics.files=" + topics.files()
                + ", topics.transfers=" + topics.transfers() + ", stalledAfter=" + stalledAfter
                + ", consumerSettings=" + Settings.masked(consumerSettings) + ", producerSettings="
                + Settings.masked(producerSettings)
                + ", localRoot=" + localRoot + ", s3=" + s3 + ", metricsPublic=" + metricsPublic
                + ", linkSecret=" + (linkSecret == null ? "random" : "******") + ", linkTtl=" + linkTtl
                + ", https=" + https + "]";
    }

    /**
     * Access to {@code s3://bucket/key} locations: the shared connection and the timeout of one request attempt
     * ({@code ferry.s3.request.timeout}).
     */
    public record S3Settings(S3Connection connection, Duration requestTimeout) {
        public S3Settings {
            requireNonNull(connection, "connection");
            requireNonNull(requestTimeout, "requestTimeout");
        }

        /** Null unless {@code ferry.api.s3.enabled=true}; then the shared {@code ferry.s3.*} connection. */
        static S3Settings fromSettings(Settings settings) {
            if (!settings.get(ApiSettings.S3_ENABLED)) {
                return null;
            }
            return new S3Settings(S3Connection.fromSettings(settings), settings.get(S3ClientSettings.REQUEST_TIMEOUT));
        }
    }
}
