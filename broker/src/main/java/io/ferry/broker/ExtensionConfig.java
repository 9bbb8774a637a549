package io.ferry.broker;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.Topics;
import io.ferry.protocol.config.Settings;
import java.util.UUID;

/**
 * What Ferry's HiveMQ extension needs on each broker node, embedded or in a container: where Kafka is, the topic
 * names, what devices may send, and how responses are kept for devices that move between nodes.
 *
 * @param nodeId names this node's Kafka clients ({@code ferry.broker.node.id}, default: random); give each node its
 *               own, e.g. the pod name
 */
public record ExtensionConfig(String nodeId, KafkaConfig kafka, Topics topics, IngressLimits ingress,
                              ResponseLimits responses) {
    public ExtensionConfig {
        requireNonNull(nodeId, "nodeId");
        requireNonNull(kafka, "kafka");
        requireNonNull(topics, "topics");
        requireNonNull(ingress, "ingress");
        requireNonNull(responses, "responses");
        if (nodeId.isBlank()) {
            throw new IllegalArgumentException("nodeId must not be blank");
        }
    }

    /** Defaults against {@code bootstrapServers}, for tests and tools. */
    public static ExtensionConfig of(String bootstrapServers, Topics topics) {
        return new ExtensionConfig(randomNodeId(), KafkaConfig.of(bootstrapServers), topics, IngressLimits.defaults(),
                ResponseLimits.defaults());
    }

    /**
     * Reads {@code ferry.kafka.*}, {@code ferry.topics.prefix}, {@code ferry.ingress.*} and {@code ferry.broker.node.id},
     * then validates, so a {@link io.ferry.protocol.config.ConfigException} names every bad key read so far.
     */
    public static ExtensionConfig fromSettings(Settings settings) {
        String nodeId = settings.string("ferry.broker.node.id", randomNodeId());
        KafkaConfig kafka = KafkaConfig.fromSettings(settings);
        Topics topics = Topics.withPrefix(settings.string("ferry.topics.prefix", Topics.DEFAULT_PREFIX));
        IngressLimits ingress = IngressLimits.fromSettings(settings);
        ResponseLimits responses = ResponseLimits.fromSettings(settings);
        settings.validate();
        return new ExtensionConfig(nodeId, kafka, topics, ingress, responses);
    }

    public ExtensionConfig withIngress(IngressLimits newIngress) {
        return new ExtensionConfig(nodeId, kafka, topics, newIngress, responses);
    }

    public ExtensionConfig withResponses(ResponseLimits newResponses) {
        return new ExtensionConfig(nodeId, kafka, topics, ingress, newResponses);
    }

    public ExtensionConfig withKafka(KafkaConfig newKafka) {
        return new ExtensionConfig(nodeId, newKafka, topics, ingress, responses);
    }

    static String randomNodeId() {
        return "ferry-broker-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
