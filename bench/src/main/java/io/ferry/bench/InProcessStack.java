package io.ferry.bench;

import io.ferry.config.Settings;
import io.ferry.standalone.FerryStandalone;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * {@link FerryStandalone} in this JVM (what {@code ./ferry run} starts), on free ports, exporting to the local
 * directory {@code <dir>/files} and/or an S3 target. The exporter's Kafka reads are observed through the JMX metrics
 * of its segment-reader consumers ({@code incoming-byte-total}, the figure {@code Exporter.stats()} uses too).
 */
record InProcessStack(FerryStandalone ferry, Path localRoot, S3Target s3, String sinks) implements FerryStack {
    static final String API_TOKEN = "bench-token";
    private static final String READERS = "kafka.consumer:type=consumer-metrics,client-id=*-reader-*";

    /** {@code s3} null exports to the local directory only; otherwise to S3 only. */
    static InProcessStack start(Path dir, S3Target s3, Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>();
        config.put("ferry.data.dir", dir.toString());
        config.put("ferry.bind.host", "127.0.0.1");
        config.put("ferry.mqtt.port", "0");
        config.put("ferry.http.port", "0");
        config.put("ferry.kafka.port", "0");
        config.put("ferry.kafka.controller.port", "0");
        config.put("ferry.api.token", API_TOKEN);
        Path localRoot = dir.resolve("files").toAbsolutePath();
        config.put("ferry.exporter.local.root", localRoot.toString());
        String sinks = s3 == null ? "local" : "s3";
        config.put("ferry.exporter.sinks", sinks);
        if (s3 != null) {
            config.putAll(s3.exporterSettings(""));
        }
        config.putAll(overrides);
        FerryStandalone ferry = FerryStandalone.start(new Settings(config));
        return new InProcessStack(ferry, s3 == null ? localRoot : null, s3, sinks);
    }

    @Override
    public String mqttHost() {
        return "127.0.0.1";
    }

    @Override
    public int mqttPort() {
        return ferry.mqttPort();
    }

    @Override
    public OptionalLong exporterKafkaBytes() {
        return readerBytes();
    }

    static OptionalLong readerBytes() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            Set<ObjectName> names = server.queryNames(new ObjectName(READERS), null);
            if (names.isEmpty()) {
                return OptionalLong.empty();
            }
            long total = 0;
            for (ObjectName name : names) {
                total += (long) ((Number) server.getAttribute(name, "incoming-byte-total")).doubleValue();
            }
            return OptionalLong.of(total);
        } catch (JMException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public String description() {
        return "standalone in the harness JVM (sink " + sinks + ", Kafka " + ferry.kafkaBootstrap() + ")";
    }

    @Override
    public void close() {
        ferry.close();
    }
}
