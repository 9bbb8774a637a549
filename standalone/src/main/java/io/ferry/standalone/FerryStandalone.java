package io.ferry.standalone;

import io.ferry.api.ApiConfig;
import io.ferry.api.ApiSettings;
import io.ferry.api.ApiServer;
import io.ferry.assembler.Assembler;
import io.ferry.assembler.AssemblerConfig;
import io.ferry.broker.BrokerConfig;
import io.ferry.broker.BrokerSettings;
import io.ferry.broker.FerryBroker;
import io.ferry.exporter.Exporter;
import io.ferry.exporter.ExporterConfig;
import io.ferry.exporter.SinkSettings;
import io.ferry.records.TopicAdmin;
import io.ferry.records.Topics;
import io.ferry.config.Settings;
import io.ferry.config.TopicSettings;
import io.ferry.service.ServiceMeters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Ferry component in one JVM: Kafka, the MQTT broker with its ingress, assembler, exporter (a local directory by
 * default; {@code FERRY_SINKS} for others, see {@link SinkSettings}) and API.
 * The same classes as the distributed deployment, wired by constructors; only co-located. Stops in reverse order.
 */
public final class FerryStandalone implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FerryStandalone.class);
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    /** Every service's meters and the JVM's, served together on the API's {@code /metrics}. */
    private final PrometheusMeterRegistry registry = ServiceMeters.registry();
    private final Settings settings;
    private final String apiToken;
    private final boolean apiTokenGenerated;
    private final Path apiTokenFile;
    private FerryBroker broker;
    private final int mqttPort;
    private final int httpPort;
    private String kafkaBootstrap;
    private int mqttTlsPort = -1;

    private FerryStandalone(Settings settings, int mqttPort, int httpPort, DataDir.Secret apiToken) {
        this.settings = settings;
        this.mqttPort = mqttPort;
        this.httpPort = httpPort;
        this.apiToken = apiToken.value();
        this.apiTokenGenerated = apiToken.generated();
        this.apiTokenFile = apiToken.file();
    }

    /**
     * Starts everything or nothing: on any failure the parts already started are stopped again.
     * Ports are claimed (a port asked for as 0 chosen) when the settings are completed and bound seconds later;
     * another process can take one in between (an outgoing connection's ephemeral port, say). Such a lost race is
     * retried once on the same data, as a restart would: ports asked for as 0 are chosen anew, and a named port that
     * is still taken fails the claim with the setting to change.
     */
    public static FerryStandalone start(Settings operator) {
        try {
            return startOnce(operator);
        } catch (RuntimeException e) {
            BindException lost = PortRace.bindFailure(e);
            if (lost == null) {
                throw e;
            }
            LOG.warn("A port claimed for Ferry was taken before it was bound ({}); starting again",
                    lost.getMessage());
            return startOnce(operator);
        }
    }

    private static FerryStandalone startOnce(Settings operator) {
        long startedAt = System.nanoTime();
        Settings given = SinkSettings.apply(operator);
        StandaloneConfig config = StandaloneConfig.fromSettings(given);
        Path dataDir = DataDir.prepare(config.dataDir());
        int mqttPort = Ports.claim(config.mqttHost(), config.mqttPort(), "FERRY_MQTT_PORT");
        int httpPort = Ports.claim(config.httpHost(), config.httpPort(), "FERRY_HTTP_PORT");
        int kafkaPort = Ports.claim("127.0.0.1", config.kafkaPort(), "FERRY_KAFKA_PORT");
        int controllerPort = Ports.claim("127.0.0.1", config.kafkaControllerPort(), "FERRY_KAFKA_CONTROLLER_PORT");
        int mqttTlsPort = claimMqttTlsPort(given, config.mqttHost());
        DataDir.Secret apiToken = given.string("ferry.api.token", null) != null
                ? new DataDir.Secret(given.string("ferry.api.token", null), null, false)
                : DataDir.secret(dataDir, "api-token");
        Settings settings = given
                .with(BrokerSettings.MQTT.host().key(), config.mqttHost())
                .with(ApiSettings.HTTP.host().key(), config.httpHost())
                .with("ferry.mqtt.port", Integer.toString(mqttPort))
                .with("ferry.http.port", Integer.toString(httpPort))
                .with("ferry.kafka.bootstrap.servers", "127.0.0.1:" + kafkaPort)
                .with("ferry.broker.data.dir", dataDir.resolve("broker").toString())
                .with("ferry.broker.node.id", given.string("ferry.broker.node.id", "ferry-broker-standalone"))
                .with("ferry.assembler.state.dir", dataDir.resolve("assembler").toString())
                .with("ferry.exporter.local.root", given.string("ferry.exporter.local.root",
                        dataDir.resolve("files").toString()))
                .with("ferry.api.token", apiToken.value())
                .with("ferry.topics.partitions", Integer.toString(config.partitions()));
        if (mqttTlsPort >= 0) {
            settings = settings.with("ferry.mqtt.tls.port", Integer.toString(mqttTlsPort));
        }
        settings = withApiReadingExporterSinks(settings);
        FerryStandalone ferry = new FerryStandalone(settings, mqttPort, httpPort, apiToken);
        ferry.mqttTlsPort = mqttTlsPort;
        try {
            ferry.startAll(dataDir, kafkaPort, controllerPort, config.partitions());
        } catch (RuntimeException e) {
            ferry.close();
            throw e;
        }
        LOG.info("Ferry ready in {} ms: MQTT on port {}{}, API and dashboard on {}://localhost:{}/, data in {}",
                (System.nanoTime() - startedAt) / 1_000_000, mqttPort,
                mqttTlsPort >= 0 ? " (TLS on " + mqttTlsPort + ")" : "",
                settings.string("ferry.http.tls.keystore", null) != null ? "https" : "http", httpPort, dataDir);
        return ferry;
    }

    /**
     * With {@code ferry.mqtt.tls.keystore} set, the TLS port ({@code ferry.mqtt.tls.port}, default 8883, 0 = any) is
     * claimed up front like the plain one, so a broker restart binds the same; -1 without TLS.
     */
    private static int claimMqttTlsPort(Settings given, String mqttHost) {
        if (!given.isSet(BrokerSettings.MQTT_TLS_KEY.keystore())) {
            return -1;
        }
        int port = given.get(BrokerSettings.MQTT_TLS.port());
        String tlsHost = given.get(BrokerSettings.MQTT_TLS_HOST);
        String host = tlsHost == null ? mqttHost : tlsHost;
        given.validate();
        return Ports.claim(host, port, "FERRY_MQTT_TLS_PORT");
    }

    /**
     * The co-located API downloads from the S3 server the exporter writes to, unless configured otherwise: both
     * read the one {@code ferry.s3.*} connection, so only the API's switch needs setting.
     */
    private static Settings withApiReadingExporterSinks(Settings settings) {
        if (!settings.string("ferry.exporter.sinks", "local").contains("s3")
                || settings.isSet(ApiSettings.S3_ENABLED)) {
            return settings;
        }
        return settings.with(ApiSettings.S3_ENABLED.key(), "true");
    }

    private void startAll(Path dataDir, int kafkaPort, int controllerPort, int partitions) {
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), "127.0.0.1", kafkaPort, controllerPort);
        running.push(kafka);
        kafkaBootstrap = kafka.bootstrapServers();
        Topics topics = TopicSettings.topics(settings);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafkaBootstrap))) {
            TopicAdmin.ensureTopics(admin, topics, partitions, (short) 1);
        }
        running.push(Assembler.start(AssemblerConfig.fromSettings(settings), registry));
        running.push(Exporter.start(ExporterConfig.fromSettings(settings), registry));
        running.push(ApiServer.start(ApiConfig.fromSettings(settings), Clock.systemDefaultZone(), registry));
        broker = FerryBroker.start(BrokerConfig.fromSettings(settings), registry);
        running.push(this::closeBroker);
    }

    /** Stops and starts the MQTT broker on the same port and data, as a broker restart in production would. */
    public synchronized void restartBroker() {
        closeBroker();
        broker = FerryBroker.start(BrokerConfig.fromSettings(settings), registry);
    }

    private synchronized void closeBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** The broker node's ingress and response delivery state. */
    public io.ferry.broker.IngressStatus ingress() {
        FerryBroker current = broker;
        return current == null ? null : current.ingress();
    }

    public int mqttPort() {
        return mqttPort;
    }

    /** The MQTT-over-TLS port, or empty when {@code ferry.mqtt.tls.keystore} is not set. */
    public OptionalInt mqttTlsPort() {
        return mqttTlsPort < 0 ? OptionalInt.empty() : OptionalInt.of(mqttTlsPort);
    }

    public int httpPort() {
        return httpPort;
    }

    public String apiToken() {
        return apiToken;
    }

    boolean apiTokenGenerated() {
        return apiTokenGenerated;
    }

    Path apiTokenFile() {
        return apiTokenFile;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    @Override
    public void close() {
        while (!running.isEmpty()) {
            AutoCloseable component = running.pop();
            try {
                component.close();
            } catch (Exception e) {
                // keep stopping the rest: one component failing to stop must not leave the others running
                LOG.warn("error while stopping {}: {}", component.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
