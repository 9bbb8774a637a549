package io.ferry.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's MQTT broker: HiveMQ Community Edition embedded in this JVM with {@link FerryExtension}. Layout under the
 * data dir: {@code conf/config.xml} (generated), {@code data/} (HiveMQ persistence), {@code extensions/} (empty).
 */
public final class FerryBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FerryBroker.class);
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final String EXTENSION_ID = "ferry-broker";

    private final BrokerConfig config;
    private final int port;
    private final int tlsPort;
    private final EmbeddedHiveMQ hivemq;
    private final FerryExtension extension;
    private IngressMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FerryBroker(BrokerConfig config, int port, int tlsPort, EmbeddedHiveMQ hivemq,
                        FerryExtension extension) {
        this.config = config;
        this.port = port;
        this.tlsPort = tlsPort;
        this.hivemq = hivemq;
        this.extension = extension;
    }

    /** Starts the broker and returns once it accepts connections (typically 3–5 s). */
    public static FerryBroker start(BrokerConfig config) {
        return start(config, null);
    }

    /** As {@link #start(BrokerConfig)}, with the node's meters ({@link IngressMetrics}) in {@code registry}. */
    public static FerryBroker start(BrokerConfig config, io.micrometer.core.instrument.MeterRegistry registry) {
        DollarTopics.allow();
        int port = config.port() != 0 ? config.port() : freePort(config.bindAddress());
        MqttTlsConfig tls = config.tls();
        int tlsPort = tls == null ? 0 : tls.port() != 0 ? tls.port() : freePort(tls.bindAddress());
        Path root = config.dataDir().toAbsolutePath();
        Path conf = createDirectories(root.resolve("conf"));
        Path data = createDirectories(root.resolve("data"));
        Path extensions = createDirectories(root.resolve("extensions"));
        HiveMqConfigXml.write(conf.resolve("config.xml"), config, port, tlsPort);
        AtomicReference<ChannelLookup> lookup = new AtomicReference<>();
        FerryExtension extension = new FerryExtension(config.extension(), clientId -> {
            ChannelLookup current = lookup.get();
            return current == null ? Optional.empty() : current.channel(clientId);
        });
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .withEmbeddedExtension(EmbeddedExtension.builder()
                        .withId(EXTENSION_ID)
                        .withName("Ferry broker integration")
                        .withVersion(version())
                        .withAuthor("Ferry")
                        .withPriority(1000)
                        .withStartPriority(1000)
                        .withExtensionMain(extension)
                        .build())
                .withoutLoggingBootstrap()
                .build();
        lookup.set(new ChannelLookup(hivemq));
        FerryBroker broker = new FerryBroker(config, port, tlsPort, hivemq, extension);
        if (registry != null) {
            broker.metrics = new IngressMetrics(registry);
            extension.observe(broker.metrics);
            broker.metrics.bindStatus(broker::ingress);
        }
        try {
            hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            broker.close();
            throw new IllegalStateException("HiveMQ did not start on port " + port + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broker.close();
            throw new IllegalStateException("interrupted while starting HiveMQ", e);
        }
        if (!extension.started()) {
            broker.close();
            throw new IllegalStateException("Ferry's HiveMQ extension did not start; refusing to run without it");
        }
        if (tls != null && !listening(tls.bindAddress(), tlsPort)) {
            // HiveMQ logs a bad keystore and starts without the listener; devices would find no TLS port.
            broker.close();
            throw new IllegalStateException("the MQTT TLS listener on port " + tlsPort + " did not start (see HiveMQ's"
                    + " log; check ferry.mqtt.tls.keystore and its passwords)");
        }
        LOG.info("Ferry MQTT broker listening on {}:{}{} (data {})", config.bindAddress(), port,
                tls == null ? "" : ", TLS on " + tls.bindAddress() + ":" + tlsPort, root);
        return broker;
    }

    /** The MQTT port actually listened on (the configured one, or the one picked for port 0). */
    public int port() {
        return port;
    }

    /** The MQTT-over-TLS port actually listened on, or empty without a TLS listener. */
    public OptionalInt tlsPort() {
        return config.tls() == null ? OptionalInt.empty() : OptionalInt.of(tlsPort);
    }

    public BrokerConfig config() {
        return config;
    }

    /** Ingress and response delivery state, for metrics and tests. */
    public IngressStatus ingress() {
        return extension.status();
    }

    /** For health probes: false once ingress or response delivery died and only a restart helps. */
    public boolean isHealthy() {
        return !closed.get() && extension.healthy();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            hivemq.stop().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            hivemq.close();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("HiveMQ did not stop cleanly: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private static int freePort(String bindAddress) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + bindAddress, e);
        }
    }

    private static boolean listening(String bindAddress, int port) {
        String host = bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? "127.0.0.1" : bindAddress;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create broker directory " + dir, e);
        }
    }

    private static String version() {
        String version = FerryBroker.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
