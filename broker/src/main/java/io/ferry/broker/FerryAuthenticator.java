package io.ferry.broker;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import io.ferry.broker.auth.AuthOutcome;
import io.ferry.broker.auth.ConnectAttempt;
import io.ferry.broker.auth.ConnectedDevices;
import io.ferry.broker.auth.DeviceAuthenticator;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every device with {@link DeviceAuthenticator} (anonymous allowed only where configured) and keeps
 * the verified identity with the connection. A Will on a Ferry topic is refused: a Will bypasses the publish
 * interceptors, so it would be routed as an ordinary message without Ferry's checks.
 */
final class FerryAuthenticator implements SimpleAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(FerryAuthenticator.class);

    private final DeviceAuthenticator devices;
    private final ConnectedDevices connected;

    FerryAuthenticator(DeviceAuthenticator devices, ConnectedDevices connected) {
        this.devices = devices;
        this.connected = connected;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectPacket connect = input.getConnectPacket();
        if (connect.getWillPublish().filter(will -> AccessRules.isFerryTopic(will.getTopic())).isPresent()) {
            LOG.warn("Rejected a Will on a Ferry topic clientId={}", connect.getClientId());
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "no Will on $file topics");
            return;
        }
        ConnectionInformation connection = input.getConnectionInformation();
        AuthOutcome outcome = devices.authenticate(new ConnectAttempt(connect.getClientId(),
                connect.getUserName().orElse(null), connect.getPassword().map(Incoming::bytes).orElse(null),
                certificate(connection), connection.getInetAddress().map(InetAddress::getHostAddress)
                .orElse("unknown")));
        if (!outcome.isAllowed()) {
            output.failAuthentication(reasonCode(outcome.refusal()), outcome.reason());
            return;
        }
        long number = connected.connected(outcome.identity());
        ConnectionIdentity.store(connection.getConnectionAttributeStore(), outcome.identity(), number);
        output.authenticateSuccessfully();
    }

    private static X509Certificate certificate(ConnectionInformation connection) {
        return connection.getClientTlsInformation().flatMap(ClientTlsInformation::getClientCertificate)
                .orElse(null);
    }

    static ConnackReasonCode reasonCode(AuthOutcome.Refusal refusal) {
        switch (refusal) {
            case BAD_CREDENTIALS:
                return ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD;
            case CLIENT_ID_NOT_ALLOWED:
                return ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
            case RATE_LIMITED:
                return ConnackReasonCode.CONNECTION_RATE_EXCEEDED;
            case NOT_AUTHORIZED:
            default:
                return ConnackReasonCode.NOT_AUTHORIZED;
        }
    }
}
