package io.ferry.broker;

import static java.util.Objects.requireNonNull;

import io.ferry.config.KafkaSettings;
import io.ferry.config.Settings;
import java.util.Map;

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
        return new KafkaConfig(settings.get(KafkaSettings.BOOTSTRAP_SERVERS), settings.get(KafkaSettings.PRODUCER),
                settings.get(KafkaSettings.CONSUMER));
    }

    @Override
    public String toString() {
        return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", producer=" + Settings.masked(producer)
                + ", consumer=" + Settings.masked(consumer) + "]";
    }
}
