package io.ferry.assembler;

import static java.util.Objects.requireNonNull;

import io.ferry.records.TopicAdmin;
import io.ferry.records.Topics;
import io.ferry.config.KafkaSettings;
import io.ferry.config.Settings;
import io.ferry.config.TopicSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything {@link Assembler#start} needs. Keys:
 * <ul>
 *   <li>{@code ferry.kafka.bootstrap.servers} (default {@code localhost:9092}, as in every service)</li>
 *   <li>{@code ferry.topics.prefix} (default {@code ferry.}); {@code ferry.topics.create} (default true: create
 *       missing topics at start), {@code ferry.topics.partitions} (6), {@code ferry.topics.replication} (-1 = the
 *       broker's default)</li>
 *   <li>{@code ferry.assembler.application.id} (default {@code ferry-assembler}), {@code ferry.assembler.state.dir}
 *       (default {@code data/assembler})</li>
 *   <li>{@code ferry.assembler.fin.grace} (3s), {@code .segments.ttl.min} (5m), {@code .segments.ttl.max} (24h),
 *       {@code .exported.retention} (7d), {@code .snapshot.interval} (1s), {@code .punctuate.interval} (500ms),
 *       {@code .timer.batch} (1000), {@code .quota.transfers} (1000), {@code .quota.file.size} (1 TiB),
 *       {@code .quota.bytes.in.flight} (1 TiB), {@code .quota.files.per.window} (1000), {@code .quota.files.window}
 *       (1h), {@code .export.events} (false), {@code .transfer.max.waiters} (16), {@code .transfer.max.reply.bytes}
 *       (256 KiB), {@code .transfer.max.ranges} (1000), {@code .transfer.max.segments} (250000),
 *       {@code .segments.max.age} (6d)</li>
 *   <li>{@code ferry.kafka.streams.*}: passed to Kafka Streams as is (e.g. {@code num.stream.threads},
 *       {@code security.protocol}); they win over Ferry's settings, among them {@code session.timeout.ms} (10 s
 *       here, not Kafka's 45 s: the time a crashed instance's transfers wait for another instance)</li>
 * </ul>
 */
public record AssemblerConfig(String bootstrapServers, String applicationId, Path stateDir, String topicPrefix,
                              boolean createTopics, int partitions, short replication, AssemblerOptions options,
                              Map<String, String> streams) {
    public static final String DEFAULT_APPLICATION_ID = "ferry-assembler";
    public static final Path DEFAULT_STATE_DIR = Path.of("data", "assembler");
    public static final int DEFAULT_PARTITIONS = TopicSettings.DEFAULT_PARTITIONS;
    public static final String STREAMS_PREFIX = "ferry.kafka.streams.";
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 10_000;
    public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 3_000;

    public AssemblerConfig {
        requireNonNull(bootstrapServers, "bootstrapServers");
        requireNonNull(applicationId, "applicationId");
        requireNonNull(stateDir, "stateDir");
        requireNonNull(topicPrefix, "topicPrefix");
        requireNonNull(options, "options");
        streams = Map.copyOf(requireNonNull(streams, "streams"));
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        if (replication < -1 || replication == 0) {
            throw new IllegalArgumentException("replication must be -1 or >= 1: " + replication);
        }
    }

    /** Reads the keys above; throws {@link io.ferry.config.ConfigException} naming every bad key. */
    public static AssemblerConfig fromSettings(Settings settings) {
        AssemblerConfig config = new AssemblerConfig(
                settings.get(KafkaSettings.BOOTSTRAP_SERVERS),
                settings.get(AssemblerSettings.APPLICATION_ID),
                Path.of(settings.get(AssemblerSettings.STATE_DIR)),
                settings.get(TopicSettings.PREFIX),
                settings.get(TopicSettings.CREATE),
                settings.get(TopicSettings.PARTITIONS),
                settings.get(TopicSettings.REPLICATION).shortValue(),
                AssemblerOptions.fromSettings(settings),
                settings.get(AssemblerSettings.STREAMS));
        settings.validate();
        return config;
    }

    public Topics topics() {
        return Topics.withPrefix(topicPrefix);
    }

    /** Kafka Streams settings: exactly-once, the poison-record handlers, room for large manifests, pass-through. */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, SkipBadRecordHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, SkipFailedRecordHandler.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, SkipTooLargeOutputHandler.class.getName());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Integer.toString(TopicAdmin.MAX_MESSAGE_BYTES));
        // A crashed instance's transfers stall until its session times out: Kafka's 45 s default made takeover take
        // ~50 s (docs/benchmarks.md, scenario f). 10 s was Kafka's default before 3.0; heartbeats every 3 s.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(DEFAULT_SESSION_TIMEOUT_MS));
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(DEFAULT_HEARTBEAT_INTERVAL_MS));
        props.putAll(streams);
        return props;
    }

    @Override
    public String toString() {
        Map<String, String> masked = Settings.masked(streams);
        return "AssemblerConfig[bootstrapServers=" + bootstrapServers + ", applicationId=" + applicationId
                + ", stateDir=" + stateDir + ", topicPrefix=" + topicPrefix + ", createTopics=" + createTopics
                + ", partitions=" + partitions + ", replication=" + replication + ", options=" + options
                + ", streams=" + masked + "]";
    }
}
