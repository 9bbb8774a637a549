package io.ferry.broker;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import io.ferry.broker.auth.ConnectedDevices;

/** HiveMQ takes one lifecycle listener per extension: this one feeds {@link LocalClients} and the identities. */
final class ClientLifecycle implements ClientLifecycleEventListener {
    private final LocalClients clients;
    private final ConnectedDevices devices;

    ClientLifecycle(LocalClients clients, ConnectedDevices devices) {
        this.clients = clients;
        this.devices = devices;
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
        clients.onMqttConnectionStart(input);
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        clients.onAuthenticationSuccessful(input);
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        clients.onDisconnect(input);
        ConnectionIdentity.connection(input.getConnectionInformation().getConnectionAttributeStore())
                .ifPresent(connection -> devices.disconnected(input.getClientInformation().getClientId(),
                        connection));
    }
}
