package io.ferry.broker;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.builder.PublishBuilder;
import com.hivemq.extension.sdk.api.services.publish.PublishToClientResult;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.records.ResponseRecord;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one response to the one device it is for, on this node, QoS 1, with the command's Correlation-Data;
 * only to a client subscribed to the reply topic (HiveMQ's publish-to-client), so it never reaches anyone else.
 */
class ResponsePublisher {
    private static final Logger LOG = LoggerFactory.getLogger(ResponsePublisher.class);

    private final BiPredicate<String, String> deviceMayPublish;

    /** Every non-Ferry Response-Topic is acceptable (no device ACL). */
    ResponsePublisher() {
        this((clientId, topic) -> true);
    }

    /** @param deviceMayPublish whether the device (clientId) may itself publish to a topic under the ACL */
    ResponsePublisher(BiPredicate<String, String> deviceMayPublish) {
        this.deviceMayPublish = deviceMayPublish;
    }

    /** Completes with whether the device was subscribed and so got the response. */
    CompletableFuture<Boolean> publish(ResponseRecord record) {
        ReplyTo replyTo = record.replyTo();
        PublishBuilder builder;
        try {
            builder = Builders.publish()
                    .topic(replyTo.deliverableTopic(topic -> deviceMayPublish.test(replyTo.clientId(), topic)))
                    .qos(Qos.AT_LEAST_ONCE)
                    .payload(ByteBuffer.wrap(record.response().toJson()));
        } catch (IllegalArgumentException e) {
            // A reply topic MQTT cannot carry (e.g. a clientId with '+'): nobody can receive this answer.
            LOG.warn("Cannot publish response clientId={} topic={}: {}", replyTo.clientId(), replyTo.topic(),
                    e.getMessage());
            return CompletableFuture.completedFuture(true);
        }
        if (replyTo.correlationData() != null) {
            builder.correlationData(ByteBuffer.wrap(replyTo.correlationData()));
        }
        return Services.publishService().publishToClient(builder.build(), replyTo.clientId())
                .thenApply(result -> result == PublishToClientResult.SUCCESSFUL);
    }

    /** An answer decided on this node that never went through Kafka (QoS 0/2 commands, Kafka unavailable). */
    void answer(ReplyTo replyTo, Reason reason) {
        publish(new ResponseRecord(replyTo, Response.of(replyTo, reason))).whenComplete((delivered, error) -> {
            if (error != null) {
                LOG.warn("Could not publish response clientId={} topic={}: {}", replyTo.clientId(),
                        replyTo.topic(), error.toString());
            }
        });
    }
}
