package io.ferry.broker;

import static java.util.Objects.requireNonNull;

import io.ferry.broker.auth.AuthConfig;
import io.ferry.records.Topics;
import io.ferry.config.Settings;
import io.ferry.config.TopicSettings;
import java.util.UUID;

/**
 * What Ferry's HiveMQ extension needs on each broker node, embedded or in a container: where Kafka is, the topic
 * names, what devices may send, and how responses are kept for devices that move between nodes.
 *
 * @param nodeId names this node's Kafka clients ({@code ferry.broker.node.id}, default: random); give each node its
 *               own, e.g. the pod name
 * @param auth   device authentication and topic ACL ({@code ferry.auth.*})
 */
public record ExtensionConfig(String nodeId, KafkaConfig kafka, Topics topics, IngressLimits ingress,
                              ResponseLimits responses, AuthConfig auth) {
    public ExtensionConfig {
        requireNonNull(auth, "auth");
        requireNonNull(nodeId, "nodeId");
        requireNonNull(kafka, "kafka");
        requireNonNull(topics, "topics");
        requireNonNull(ingress, "ingress");
        requireNonNull(responses, "responses");
        if (nodeId.isBlank()) {
            throw new IllegalArgumentException("nodeId must not be blank");
        }
    }

    /** Anonymous devices, no topic ACL. */
    public ExtensionConfig(String nodeId, KafkaConfig kafka, Topics topics, IngressLimits ingress,
                           ResponseLimits responses) {
        this(nodeId, kafka, topics, ingress, responses, AuthConfig.anonymousOnly());
    }

    /** Defaults against {@code bootstrapServers}, for tests and tools. */
    public static ExtensionConfig of(String bootstrapServers, Topics topics) {
        return new ExtensionConfig(randomNodeId(), KafkaConfig.of(bootstrapServers), topics, IngressLimits.defaults(),
                ResponseLimits.defaults());
    }

    /**
     * Reads {@code ferry.kafka.*}, {@code ferry.topics.prefix}, {@code ferry.ingress.*}, {@code ferry.auth.*} and
     * {@code ferry.broker.node.id},
     * then validates, so a {@link io.ferry.config.ConfigException} names every bad key read so far.
     */
    public static ExtensionConfig fromSettings(Settings settings) {
        String nodeId = settings.get(BrokerSettings.NODE_ID);
        nodeId = nodeId == null ? randomNodeId() : nodeId;
        KafkaConfig kafka = KafkaConfig.fromSettings(settings);
        Topics topics = TopicSettings.topics(settings);
        IngressLimits ingress = IngressLimits.fromSettings(settings);
        ResponseLimits responses = ResponseLimits.fromSettings(settings);
        AuthConfig auth = AuthConfig.fromSettings(settings);
        settings.validate();
        return new ExtensionConfig(nodeId, kafka, topics, ingress, responses, auth);
    }

    public ExtensionConfig withIngress(IngressLimits newIngress) {
        return new ExtensionConfig(nodeId, kafka, topics, newIngress, responses, auth);
    }

    public ExtensionConfig withResponses(ResponseLimits newResponses) {
        return new ExtensionConfig(nodeId, kafka, topics, ingress, newResponses, auth);
    }

    public ExtensionConfig withKafka(KafkaConfig newKafka) {
        return new ExtensionConfig(nodeId, newKafka, topics, ingress, responses, auth);
    }

    public ExtensionConfig withAuth(AuthConfig newAuth) {
        return new ExtensionConfig(nodeId, kafka, topics, ingress, responses, newAuth);
    }

    static String randomNodeId() {
        return "ferry-broker-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
