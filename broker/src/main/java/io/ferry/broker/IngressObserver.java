package io.ferry.broker;

import org.apache.kafka.clients.producer.Producer;

/**
 * What the ingress tells a metrics registry, without depending on one: the extension folder for a plain HiveMQ ships
 * without Micrometer and uses {@link #NONE}; the embedded broker plugs in {@link IngressMetrics}.
 */
interface IngressObserver {
    IngressObserver NONE = new IngressObserver() {
    };

    /** The ingress's verdict on one {@code $file…} publish, {@code nanos} after it arrived (i.e. at its PUBACK). */
    default void answered(String topic, String reason, long nanos) {
    }

    /** The node's Kafka producer, once created. */
    default void producerStarted(Producer<?, ?> producer) {
    }

    /** The command kind a topic names: init, segment, fin, abort, status, or invalid. */
    static String kindOf(String topic) {
        String[] parts = topic.split("/", 4);
        if (parts.length < 3) {
            return "invalid";
        }
        String word = parts[2];
        return switch (word) {
            case "init", "fin", "abort", "status" -> word;
            default -> !word.isEmpty() && word.chars().allMatch(Character::isDigit) ? "segment" : "invalid";
        };
    }
}
