package io.ferry.broker;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.config.Settings;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ingress's Kafka client settings: the bootstrap servers plus pass-through properties
 * ({@code ferry.kafka.producer.*}, {@code ferry.kafka.consumer.*}, as in Strimzi) applied over Ferry's own defaults,
 * except the safety settings the "PUBACK only once Kafka has it" rule rests on (acks=all, idempotence), which
 * always win.
 */
public record KafkaConfig(String bootstrapServers, Map<String, String> producer, Map<String, String> consumer) {
    public KafkaConfig {
        requireNonNull(bootstrapServers, "bootstrapServers");
        producer = Map.copyOf(requireNonNull(producer, "producer"));
        consumer = Map.copyOf(requireNonNull(consumer, "consumer"));
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must not be blank");
        }
    }

    public static KafkaConfig of(String bootstrapServers) {
        return new KafkaConfig(bootstrapServers, Map.of(), Map.of());
    }

    static KafkaConfig fromSettings(Settings settings) {
        String bootstrap = settings.required("ferry.kafka.bootstrap.servers");
        return new KafkaConfig(bootstrap == null ? "unset" : bootstrap, settings.withPrefix("ferry.kafka.producer."),
                settings.withPrefix("ferry.kafka.consumer."));
    }

    @Override
    public String toString() {
        return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", producer=" + masked(producer)
                + ", consumer=" + masked(consumer) + "]";
    }

    private static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> out = new TreeMap<>();
        properties.forEach((key, value) -> out.put(key, Settings.masked(key, value)));
        return out;
    }
}
