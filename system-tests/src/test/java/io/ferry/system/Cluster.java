package io.ferry.system;

import static org.awaitility.Awaitility.await;

import io.ferry.api.ApiConfig;
import io.ferry.api.ApiServer;
import io.ferry.assembler.Assembler;
import io.ferry.assembler.AssemblerConfig;
import io.ferry.assembler.AssemblerMain;
import io.ferry.broker.BrokerConfig;
import io.ferry.broker.BrokerMain;
import io.ferry.broker.FerryBroker;
import io.ferry.client.FerryUploader;
import io.ferry.exporter.Exporter;
import io.ferry.exporter.ExporterConfig;
import io.ferry.exporter.ExporterMain;
import io.ferry.records.Topics;
import io.ferry.config.Settings;
import io.ferry.testing.KafkaFixture;
import io.ferry.testing.TcpBalancer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A distributed Ferry for one test: any number of broker nodes (each one MQTT listener with Ferry's ingress),
 * assemblers, exporters and API servers against one Kafka (a {@link KafkaFixture} or any bootstrap address), all read
 * from one base {@link Settings} the way each service's {@code main} reads it, each instance with its own name (node
 * id, MQTT port and data dir; Kafka client id, state directory, transactional id). Services run in this JVM
 * ({@code start*}) or as child JVMs that a test can really kill ({@code spawn*}). At most one broker node runs in this
 * JVM ({@link #startBroker()}: HiveMQ's extension services are static); more are spawned. Everything is stopped by
 * {@link #close()}, newest first.
 */
final class Cluster implements AutoCloseable {
    static final String TOKEN = "system-test-admin-token";
    static final int SEGMENT = 128 * 1024;
    static final int WINDOW = 4;
    /** The name of the broker node {@link #startBroker()} runs in this JVM, on {@link #mqttPort()}. */
    static final String IN_PROCESS_BROKER = "broker";
    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

    private final Topics topics;
    private final Path root;
    private final Path logs;
    private final Map<String, String> base;
    private final Deque<Named> running = new ArrayDeque<>();
    private final Map<String, Integer> brokerPorts = new HashMap<>();
    private FerryBroker broker;

    private record Named(String name, AutoCloseable service) {
    }

    private Cluster(Topics topics, Path root, Path logs, Map<String, String> base) {
        this.topics = topics;
        this.root = root;
        this.logs = logs;
        this.base = base;
    }

    /**
     * Fresh topics with {@code partitions} partitions, unique group and application ids, a free MQTT port, short
     * failure-detection timeouts; {@code overrides} win. Child JVM logs go to {@code target/it-logs/<testName>}.
     */
    static Cluster create(KafkaFixture kafka, int partitions, Path root, String testName,
                          Map<String, String> overrides) {
        return create(kafka.bootstrapServers(), kafka.newTopics(partitions), root, testName, overrides);
    }

    /**
     * As {@link #create(KafkaFixture, int, Path, String, Map)} against the Kafka at {@code bootstrapServers}, whose
     * brokers must allow the short timeouts below (see {@link SharedKafka#BROKER_PROPERTIES}), on {@code topics}
     * that already exist.
     */
    static Cluster create(String bootstrapServers, Topics topics, Path root, String testName,
                          Map<String, String> overrides) {
        Map<String, String> base = new HashMap<>();
        base.put("ferry.kafka.bootstrap.servers", bootstrapServers);
        base.put("ferry.topics.prefix", topics.commands().substring(0, topics.commands().length()
                - "commands".length()));
        base.put("ferry.topics.create", "false");
        base.put("ferry.mqtt.bind.address", "127.0.0.1");
        base.put("ferry.mqtt.port", Integer.toString(freePort()));
        base.put("ferry.broker.data.dir", root.resolve(IN_PROCESS_BROKER).toString());
        base.put("ferry.broker.node.id", IN_PROCESS_BROKER);
        base.put("ferry.assembler.application.id", KafkaFixture.uniqueId("assembler"));
        base.put("ferry.assembler.fin.grace", "2s");
        base.put("ferry.exporter.group.id", KafkaFixture.uniqueId("exporter"));
        base.put("ferry.exporter.local.root", root.resolve("files").toString());
        base.put("ferry.exporter.retry.initial", "200ms");
        base.put("ferry.exporter.retry.max", "1s");
        base.put("ferry.api.token", TOKEN);
        base.put("ferry.http.host", "127.0.0.1");
        base.put("ferry.http.port", "0");
        base.put("ferry.health.port", "-1");
        // Failure detection in seconds instead of minutes (the brokers allow it, see SharedKafka): a dead group
        // member is noticed after 4 s instead of 45 s, and the open transaction of a dead transactional producer,
        // which blocks read_committed readers and stable offset fetches, is aborted after 6 s instead of 60 s.
        base.put("ferry.kafka.consumer.session.timeout.ms", "4000");
        base.put("ferry.kafka.consumer.heartbeat.interval.ms", "1000");
        base.put("ferry.kafka.producer.transaction.timeout.ms", "6000");
        base.put("ferry.kafka.streams.session.timeout.ms", "4000");
        base.put("ferry.kafka.streams.heartbeat.interval.ms", "1000");
        base.put("ferry.kafka.streams.producer.transaction.timeout.ms", "6000");
        base.putAll(overrides);
        Path logs = Path.of("target", "it-logs", testName).toAbsolutePath();
        try {
            Files.createDirectories(root.resolve("processes"));
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Cluster(topics, root, logs, base);
    }

    Topics topics() {
        return topics;
    }

    /** The MQTT port of the in-process broker node ({@link #startBroker()}). */
    int mqttPort() {
        return Integer.parseInt(base.get("ferry.mqtt.port"));
    }

    /** The MQTT port of the broker node called {@code name} (fixed before it first starts, kept over restarts). */
    synchronized int mqttPort(String name) {
        return name.equals(IN_PROCESS_BROKER) ? mqttPort() : brokerPorts.computeIfAbsent(name, n -> freePort());
    }

    Path localRoot() {
        return Path.of(base.get("ferry.exporter.local.root"));
    }

    String assemblerGroup() {
        return base.get("ferry.assembler.application.id");
    }

    String exporterGroup() {
        return base.get("ferry.exporter.group.id");
    }

    /** The settings one named instance reads (fresh each time: {@link Settings} collects errors). */
    Map<String, String> settingsFor(Map<String, String> instance) {
        Map<String, String> values = new HashMap<>(base);
        values.putAll(instance);
        return values;
    }

    /** The broker node in this JVM, named {@value #IN_PROCESS_BROKER}, on {@link #mqttPort()}. */
    synchronized FerryBroker startBroker() {
        long started = System.nanoTime();
        broker = FerryBroker.start(BrokerConfig.fromSettings(new Settings(brokerSettings(IN_PROCESS_BROKER))));
        LOG.info("broker started in {} ms", (System.nanoTime() - started) / 1_000_000);
        running.push(new Named(IN_PROCESS_BROKER, this::closeBroker));
        return broker;
    }

    synchronized FerryBroker broker() {
        return broker;
    }

    /** Stops the broker and starts it again on the same port and data, as after a broker restart. */
    synchronized void restartBroker() {
        broker.close();
        broker = FerryBroker.start(BrokerConfig.fromSettings(new Settings(brokerSettings(IN_PROCESS_BROKER))));
    }

    synchronized Assembler startAssembler(String name) {
        return track(name, Assembler.start(AssemblerConfig.fromSettings(new Settings(assemblerSettings(name)))));
    }

    synchronized Exporter startExporter(String name) {
        return track(name, Exporter.start(ExporterConfig.fromSettings(new Settings(exporterSettings(name)))));
    }

    synchronized ApiServer startApi(String name) {
        return track(name, ApiServer.start(ApiConfig.fromSettings(new Settings(settingsFor(
                Map.of("ferry.kafka.consumer.client.id", name))))));
    }

    /** A broker node ({@code BrokerMain}) in a child JVM, on {@link #mqttPort(String) its own port}. */
    synchronized ServiceProcess spawnBroker(String name) {
        return spawn(name, BrokerMain.class, this::brokerSettings);
    }

    /** Several broker nodes in child JVMs, started at once (each takes seconds, mostly waiting). */
    synchronized List<ServiceProcess> spawnBrokers(List<String> names) {
        List<CompletableFuture<ServiceProcess>> starting = new ArrayList<>();
        for (String name : names) {
            Map<String, String> settings = brokerSettings(name);
            starting.add(CompletableFuture.supplyAsync(() -> ServiceProcess.start(name, BrokerMain.class, settings,
                    root.resolve("processes"), logs.resolve(name + ".log"))));
        }
        List<ServiceProcess> started = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<ServiceProcess> future : starting) {
            try {
                ServiceProcess process = future.join();
                running.push(new Named(process.name(), process));
                started.add(process);
            } catch (CompletionException e) {
                failure = failure == null ? new IllegalStateException("a broker node did not start", e.getCause())
                        : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return started;
    }

    synchronized ServiceProcess spawnAssembler(String name) {
        return spawn(name, AssemblerMain.class, this::assemblerSettings);
    }

    synchronized ServiceProcess spawnExporter(String name) {
        return spawn(name, ExporterMain.class, this::exporterSettings);
    }

    /** A device of the in-process broker node ({@link #device(String, int)}). */
    synchronized FerryUploader device(String clientId) {
        return device(clientId, mqttPort());
    }

    /**
     * A device connecting to {@code port} on loopback (a broker node or a {@link TcpBalancer}): Ferry's SDK with short
     * reconnect delays and response timeouts far above any recovery here.
     */
    synchronized FerryUploader device(String clientId, int port) {
        FerryUploader uploader = FerryUploader.builder()
                .broker("mqtt://127.0.0.1:" + port)
                .clientId(clientId)
                .segmentSize(SEGMENT)
                .window(WINDOW)
                .reconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(1))
                .connectTimeout(Duration.ofSeconds(60))
                .statusTimeout(Duration.ofSeconds(60))
                .responseTimeout(Duration.ofMinutes(3))
                .finTimeout(Duration.ofMinutes(4))
                .build();
        running.push(new Named(clientId, uploader));
        return uploader;
    }

    /** A {@link TcpBalancer} in front of these MQTT ports, closed with the cluster. */
    synchronized TcpBalancer balancer(String name, List<Integer> nodePorts) {
        try {
            return track(name, new TcpBalancer(nodePorts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops (gracefully) the instance called {@code name}. */
    synchronized void stop(String name) throws Exception {
        for (Named named : running) {
            if (named.name().equals(name)) {
                running.remove(named);
                named.service().close();
                return;
            }
        }
        throw new IllegalArgumentException("nothing called " + name + " is running");
    }

    /** Waits until the Streams instance is RUNNING (it may be rebalancing with others). */
    static void awaitRunning(Assembler assembler) {
        await("assembler running").atMost(Duration.ofSeconds(90)).until(assembler::isRunning);
    }

    @Override
    public synchronized void close() {
        while (!running.isEmpty()) {
            Named named = running.pop();
            long started = System.nanoTime();
            try {
                named.service().close();
                LOG.info("stopped {} in {} ms", named.name(), (System.nanoTime() - started) / 1_000_000);
            } catch (Exception e) {
                // Keep stopping the rest; a test must never leave processes or threads behind.
                LOG.warn("error stopping {}: {}", named.name(), e.toString());
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private Map<String, String> brokerSettings(String name) {
        if (name.equals(IN_PROCESS_BROKER)) {
            return settingsFor(Map.of());
        }
        // Its own port and data dir, kept over restarts, as a node of a StatefulSet keeps its volume.
        return settingsFor(Map.of("ferry.broker.node.id", name,
                "ferry.mqtt.port", Integer.toString(mqttPort(name)),
                "ferry.broker.data.dir", root.resolve("brokers").resolve(name).toString()));
    }

    private Map<String, String> assemblerSettings(String name) {
        return settingsFor(Map.of("ferry.assembler.state.dir", root.resolve("state").resolve(name).toString(),
                "ferry.kafka.streams.client.id", name));
    }

    private Map<String, String> exporterSettings(String name) {
        // A stable transactional id: a restarted exporter fences its own dead transaction at once.
        return settingsFor(Map.of("ferry.exporter.transactional.id", exporterGroup() + "-" + name,
                "ferry.kafka.consumer.client.id", name));
    }

    private ServiceProcess spawn(String name, Class<?> main, Function<String, Map<String, String>> settings) {
        ServiceProcess process = ServiceProcess.start(name, main, settings.apply(name), root.resolve("processes"),
                logs.resolve(name + ".log"));
        running.push(new Named(name, process));
        return process;
    }

    private <T extends AutoCloseable> T track(String name, T service) {
        running.push(new Named(name, service));
        return service;
    }

    private synchronized void closeBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
