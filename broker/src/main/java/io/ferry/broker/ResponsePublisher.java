package io.ferry.broker;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.builder.PublishBuilder;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers a command from the broker itself, for the few cases the bridge never sees (QoS 0 and 2). */
class ResponsePublisher {
    private static final Logger LOG = LoggerFactory.getLogger(ResponsePublisher.class);

    void answer(ReplyTo replyTo, Reason reason) {
        byte[] json = Response.of(replyTo, reason).toJson();
        PublishBuilder builder = Builders.publish()
                .topic(AccessRules.deliverableReplyTopic(replyTo))
                .qos(Qos.AT_LEAST_ONCE)
                .payload(ByteBuffer.wrap(json));
        if (replyTo.correlationData() != null) {
            builder.correlationData(ByteBuffer.wrap(replyTo.correlationData()));
        }
        Services.publishService().publish(builder.build()).whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.warn("Could not publish response clientId={} topic={}: {}", replyTo.clientId(),
                        replyTo.topic(), error.toString());
            }
        });
    }
}
