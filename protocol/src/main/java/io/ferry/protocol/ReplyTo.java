package io.ferry.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Where and how to answer one command: the publisher's verified clientId, the command topic exactly as
 * published, its packet id, and the MQTT 5 Response-Topic and Correlation-Data if the device set them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplyTo(String clientId, String topic, int packetId, String responseTopic, byte[] correlationData) {

    public ReplyTo {
        Checks.clientId(clientId);
        requireNonNull(topic, "topic");
        correlationData = correlationData == null ? null : correlationData.clone();
    }

    /** {@link #deliverableTopic(Predicate)} for a device that may publish to any topic outside Ferry's namespace. */
    public String replyTopic() {
        return deliverableTopic(topic -> true);
    }

    /**
     * The one rule for where a response goes: the device's Response-Topic only if it is a topic the device itself
     * may publish to (outside Ferry's namespace — no command topic, no {@code $file-response/} of any client — and
     * allowed by the operator's ACL); otherwise the device's own {@code $file-response/{clientId}}. So a
     * Response-Topic never makes Ferry publish where the device could not.
     *
     * @param deviceMayPublish the ACL's verdict for this device on a topic outside Ferry's namespace
     */
    public String deliverableTopic(Predicate<String> deviceMayPublish) {
        String own = FerryMqtt.responseTopic(clientId);
        if (responseTopic == null || responseTopic.isEmpty() || responseTopic.equals(own)) {
            return own;
        }
        return FerryMqtt.isFerryTopic(responseTopic) || !deviceMayPublish.test(responseTopic) ? own : responseTopic;
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
