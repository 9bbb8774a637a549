package io.ferry.bridge;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.config.Settings;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka client settings: the bootstrap servers plus pass-through properties ({@code ferry.kafka.producer.*},
 * {@code ferry.kafka.consumer.*}, as in Strimzi) applied over Ferry's own defaults, except the safety settings
 * the bridge depends on (acks=all, idempotence, manual commits), which always win.
 */
public record KafkaConfig(String bootstrapServers, Map<String, String> producer, Map<String, String> consumer,
                          String responsesGroup) {
    public static final String DEFAULT_RESPONSES_GROUP = "ferry-bridge-responses";

    public KafkaConfig {
        requireNonNull(bootstrapServers, "bootstrapServers");
        requireNonNull(responsesGroup, "responsesGroup");
        producer = Map.copyOf(requireNonNull(producer, "producer"));
        consumer = Map.copyOf(requireNonNull(consumer, "consumer"));
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must not be blank");
        }
    }

    public static KafkaConfig of(String bootstrapServers) {
        return new KafkaConfig(bootstrapServers, Map.of(), Map.of(), DEFAULT_RESPONSES_GROUP);
    }

    @Override
    public String toString() {
        return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", producer=" + masked(producer)
                + ", consumer=" + masked(consumer) + ", responsesGroup=" + responsesGroup + "]";
    }

    private static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> out = new TreeMap<>();
        properties.forEach((key, value) -> out.put(key, Settings.masked(key, value)));
        return out;
    }
}
