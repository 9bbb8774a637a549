package io.ferry.broker;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every client is a device (anonymous allowed). A Will on a Ferry topic is refused: a Will bypasses the publish
 * interceptors, so it would be routed as an ordinary message without Ferry's checks.
 */
final class FerryAuthenticator implements SimpleAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(FerryAuthenticator.class);

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectPacket connect = input.getConnectPacket();
        if (connect.getWillPublish().filter(will -> AccessRules.isFerryTopic(will.getTopic())).isPresent()) {
            LOG.warn("Rejected a Will on a Ferry topic clientId={}", connect.getClientId());
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "no Will on $file topics");
            return;
        }
        output.authenticateSuccessfully();
    }
}
