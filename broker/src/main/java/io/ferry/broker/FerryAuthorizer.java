package io.ferry.broker;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies {@link AccessRules} to SUBSCRIBE and PUBLISH; every decision is explicit (never HiveMQ's default). */
final class FerryAuthorizer implements SubscriptionAuthorizer, PublishAuthorizer {
    private static final Logger LOG = LoggerFactory.getLogger(FerryAuthorizer.class);

    private final Consumer<String> onSubscribed;

    /** @param onSubscribed told the clientId of each allowed subscription (pending responses may now go out) */
    FerryAuthorizer(Consumer<String> onSubscribed) {
        this.onSubscribed = onSubscribed;
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String clientId = input.getClientInformation().getClientId();
        String filter = input.getSubscription().getTopicFilter();
        if (AccessRules.deviceMaySubscribe(clientId, filter)) {
            output.authorizeSuccessfully();
            onSubscribed.accept(clientId);
        } else {
            LOG.info("Denied subscription clientId={} filter={}", clientId, filter);
            output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "not allowed by Ferry");
        }
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        String topic = input.getPublishPacket().getTopic();
        if (AccessRules.deviceMayPublish(topic)) {
            output.authorizeSuccessfully();
        } else {
            LOG.info("Denied publish clientId={} topic={}", input.getClientInformation().getClientId(), topic);
            output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "not allowed by Ferry");
        }
    }
}
