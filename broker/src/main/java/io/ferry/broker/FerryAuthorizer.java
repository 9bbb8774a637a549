package io.ferry.broker;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import io.ferry.broker.auth.DeviceAcl;
import io.ferry.broker.auth.Identity;
import io.ferry.protocol.FerryMqtt;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link AccessRules} to SUBSCRIBE and PUBLISH, then the operator's {@link DeviceAcl} to every topic that is
 * not Ferry's own; every decision is explicit (never HiveMQ's default).
 */
final class FerryAuthorizer implements SubscriptionAuthorizer, PublishAuthorizer {
    private static final Logger LOG = LoggerFactory.getLogger(FerryAuthorizer.class);

    private final Consumer<String> onSubscribed;
    private final DeviceAcl acl;

    /** @param onSubscribed told the clientId of each allowed subscription (pending responses may now go out) */
    FerryAuthorizer(Consumer<String> onSubscribed, DeviceAcl acl) {
        this.onSubscribed = onSubscribed;
        this.acl = acl;
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String clientId = input.getClientInformation().getClientId();
        String filter = input.getSubscription().getTopicFilter();
        if (AccessRules.deviceMaySubscribe(clientId, filter) && aclAllowsSubscribe(input, clientId, filter)) {
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
        String clientId = input.getClientInformation().getClientId();
        if (AccessRules.deviceMayPublish(topic) && (FerryMqtt.isFerryTopic(topic)
                || acl.mayPublish(identity(input.getConnectionInformation(), clientId), topic))) {
            output.authorizeSuccessfully();
        } else {
            LOG.info("Denied publish clientId={} topic={}", clientId, topic);
            output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "not allowed by Ferry");
        }
    }

    private boolean aclAllowsSubscribe(SubscriptionAuthorizerInput input, String clientId, String filter) {
        String inner = AccessRules.unshared(filter);
        return FerryMqtt.isFerryTopic(inner)
                || acl.maySubscribe(identity(input.getConnectionInformation(), clientId), inner);
    }

    private static Identity identity(com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation connection,
                                     String clientId) {
        return ConnectionIdentity.of(connection.getConnectionAttributeStore(), clientId);
    }
}
