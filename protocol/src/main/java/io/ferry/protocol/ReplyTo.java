package io.ferry.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;

/**
 * Where and how to answer one command: the publisher's verified clientId, the command topic exactly as
 * published, its packet id, and the MQTT 5 Response-Topic and Correlation-Data if the device set them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplyTo(String clientId, String topic, int packetId, String responseTopic, byte[] correlationData) {
    public static final String DEFAULT_RESPONSE_PREFIX = "$file-response/";

    public ReplyTo {
        Checks.clientId(clientId);
        requireNonNull(topic, "topic");
        correlationData = correlationData == null ? null : correlationData.clone();
    }

    /**
     * The topic the response goes to. A device may only direct responses to a topic of its own: a
     * Response-Topic inside another client's {@code $file-response/} namespace is ignored.
     */
    public String replyTopic() {
        if (responseTopic == null || responseTopic.isEmpty()) {
            return DEFAULT_RESPONSE_PREFIX + clientId;
        }
        if (responseTopic.startsWith(DEFAULT_RESPONSE_PREFIX)
                && !responseTopic.equals(DEFAULT_RESPONSE_PREFIX + clientId)) {
            return DEFAULT_RESPONSE_PREFIX + clientId;
        }
        return responseTopic;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplyTo r && packetId == r.packetId && clientId.equals(r.clientId)
                && topic.equals(r.topic) && java.util.Objects.equals(responseTopic, r.responseTopic)
                && Arrays.equals(correlationData, r.correlationData);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(clientId, topic, packetId, responseTopic, Arrays.hashCode(correlationData));
    }

    @Override
    public String toString() {
        return "ReplyTo[clientId=" + clientId + ", topic=" + topic + ", packetId=" + packetId
                + ", responseTopic=" + responseTopic + "]";
    }
}
