package io.ferry.bench;

import io.ferry.assembler.AssemblerMain;
import io.ferry.api.ApiMain;
import io.ferry.broker.BrokerMain;
import io.ferry.exporter.ExporterMain;
import io.ferry.records.TopicAdmin;
import io.ferry.records.Topics;
import io.ferry.standalone.KafkaMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * Ferry as separately deployed services, each in its own JVM with its own {@code main} and heap cap: Kafka (the
 * standalone's KRaft node), one broker node ({@code BrokerMain}: HiveMQ with Ferry's ingress, which writes the
 * devices' commands to Kafka and delivers their responses), {@code assemblers} assembler instances (one consumer
 * group), exporter (local sink) and API. Every child's resident set is sampled every 250 ms; heap figures come from its GC log.
 */
final class ServiceCluster implements FerryStack {
    private static final Duration START = Duration.ofMinutes(3);
    private final Path dir;
    private final List<ChildJvm> children = new ArrayList<>();
    private final List<ChildJvm> assemblers = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-rss-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final int mqttPort;
    private final Path localRoot;

    private ServiceCluster(Path dir, int mqttPort) {
        this.dir = dir;
        this.mqttPort = mqttPort;
        this.localRoot = dir.resolve("files").toAbsolutePath();
    }

    /**
     * @param heap      -Xmx of every service JVM (Kafka included)
     * @param jvmExtra  more JVM options for every child (e.g. JFR)
     * @param settings  Ferry settings added for every service
     */
    static ServiceCluster start(Path dir, String heap, int assemblers, List<String> jvmExtra,
                                Map<String, String> settings) {
        try {
            return startOnce(dir, heap, assemblers, jvmExtra, settings);
        } catch (PortTaken e) {
            // The ports are chosen free here and bound by the children seconds later; another process can take one
            // in between. Once is bad luck; twice is a real problem and is reported.
            System.err.println("bench: " + e.getMessage() + "; starting the services again with new ports");
            return startOnce(dir, heap, assemblers, jvmExtra, settings);
        }
    }

    private static ServiceCluster startOnce(Path dir, String heap, int assemblers, List<String> jvmExtra,
                                            Map<String, String> settings) {
        ServiceCluster cluster = new ServiceCluster(dir, S3ProxyProcess.freePort());
        try {
            cluster.startAll(heap, assemblers, jvmExtra, settings);
        } catch (RuntimeException e) {
            List<String> lostPorts = cluster.children.stream()
                    .filter(child -> child.logText().contains("java.net.BindException")).map(ChildJvm::name).toList();
            cluster.close();
            throw lostPorts.isEmpty() ? e : new PortTaken(lostPorts + " could not bind its port", e);
        }
        return cluster;
    }

    /** A child failed to start because a port chosen for it was taken before it bound it. */
    private static final class PortTaken extends IllegalStateException {
        PortTaken(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void startAll(String heap, int assemblerCount, List<String> jvmExtra, Map<String, String> extra) {
        int kafkaPort = S3ProxyProcess.freePort();
        String bootstrap = "127.0.0.1:" + kafkaPort;
        Map<String, String> common = new HashMap<>();
        common.put("ferry.kafka.bootstrap.servers", bootstrap);
        common.put("ferry.mqtt.port", Integer.toString(mqttPort));
        common.put("ferry.mqtt.host", "127.0.0.1");
        common.put("ferry.health.port", "-1");
        common.put("ferry.topics.partitions", "4");
        common.put("ferry.topics.replication", "1");
        common.put("ferry.exporter.local.root", localRoot.toString());
        common.put("ferry.api.token", InProcessStack.API_TOKEN);
        common.put("ferry.http.host", "127.0.0.1");
        common.put("ferry.http.port", Integer.toString(S3ProxyProcess.freePort()));
        common.put("ferry.broker.data.dir", dir.resolve("broker").toString());
        common.putAll(extra);
        // ferry-logback.xml (the standalone's, INFO to stdout): without it HiveMQ's own logback.xml on the classpath
        // wins and the services log nothing, so their start lines could not be awaited.
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError",
                "-Dlogback.configurationFile=ferry-logback.xml"));
        jvm.addAll(jvmExtra);

        Map<String, String> kafka = new HashMap<>(common);
        kafka.put("ferry.kafka.dir", dir.resolve("kafka").toString());
        kafka.put("ferry.kafka.port", Integer.toString(kafkaPort));
        kafka.put("ferry.kafka.controller.port", Integer.toString(S3ProxyProcess.freePort()));
        start("kafka", KafkaMain.class.getName(), jvm, kafka).awaitLog("kafka ready", START);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicAdmin.ensureTopics(admin, Topics.withPrefix(Topics.DEFAULT_PREFIX), 4, (short) 1);
        }
        Map<String, String> brokerNode = new HashMap<>(common);
        brokerNode.put("ferry.broker.node.id", "bench-broker-1");
        ChildJvm broker = start("broker", BrokerMain.class.getName(), jvm, brokerNode);
        for (int i = 1; i <= assemblerCount; i++) {
            Map<String, String> assembler = new HashMap<>(common);
            assembler.put("ferry.assembler.state.dir", dir.resolve("assembler-" + i).toString());
            assemblers.add(start("assembler-" + i, AssemblerMain.class.getName(), jvm, assembler));
        }
        ChildJvm exporter = start("exporter", ExporterMain.class.getName(), jvm, common);
        ChildJvm api = start("api", ApiMain.class.getName(), jvm, common);
        broker.awaitLog("Ferry MQTT broker listening", START);
        for (ChildJvm assembler : assemblers) {
            assembler.awaitLog("-> RUNNING", START);
        }
        exporter.awaitLog("starting exporter", START);
        api.awaitLog("API listening", START);
        sampler.scheduleAtFixedRate(() -> children.forEach(ChildJvm::sample), 0, 250, TimeUnit.MILLISECONDS);
    }

    private ChildJvm start(String name, String mainClass, List<String> jvm, Map<String, String> settings) {
        Path config = dir.resolve(name + ".properties");
        Properties properties = new Properties();
        properties.putAll(settings);
        try {
            Files.createDirectories(dir);
            try (Writer writer = Files.newBufferedWriter(config)) {
                properties.store(writer, "ferry bench: " + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> jvmArgs = new ArrayList<>(jvm.stream().map(arg -> arg.replace("{name}", name)).toList());
        ChildJvm child = ChildJvm.start(name, dir, jvmArgs, ChildJvm.mainTail(mainClass, config.toString()));
        children.add(child);
        return child;
    }

    List<ChildJvm> children() {
        return List.copyOf(children);
    }

    List<ChildJvm> assemblers() {
        return List.copyOf(assemblers);
    }

    /** Services that died on their own (out of memory exits, crashes), by name. */
    List<String> dead() {
        return children.stream().filter(c -> !c.isAlive()).map(ChildJvm::name).toList();
    }

    @Override
    public String mqttHost() {
        return "127.0.0.1";
    }

    @Override
    public int mqttPort() {
        return mqttPort;
    }

    @Override
    public Path localRoot() {
        return localRoot;
    }

    @Override
    public S3Target s3() {
        return null;
    }

    @Override
    public String description() {
        return "services in separate JVMs under " + dir;
    }

    /** Stops the services in reverse order (SIGTERM, so JFR recordings are written). */
    @Override
    public void close() {
        sampler.shutdownNow();
        List<ChildJvm> reversed = new ArrayList<>(children);
        Collections.reverse(reversed);
        reversed.forEach(ChildJvm::close);
    }
}
