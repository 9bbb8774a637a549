package io.ferry.broker;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The devices connected to this broker node right now. Counted per clientId, because on a takeover the new
 * connection can start before the old one's disconnect event arrives.
 */
final class LocalClients implements ClientLifecycleEventListener {
    private final Map<String, Integer> connections = new ConcurrentHashMap<>();
    private final Consumer<String> onConnected;

    /** @param onConnected called with the clientId once a device's connection is established here */
    LocalClients(Consumer<String> onConnected) {
        this.onConnected = onConnected;
    }

    boolean isConnected(String clientId) {
        return connections.containsKey(clientId);
    }

    int count() {
        return connections.size();
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        String clientId = input.getClientInformation().getClientId();
        connections.merge(clientId, 1, Integer::sum);
        onConnected.accept(clientId);
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        connections.computeIfPresent(input.getClientInformation().getClientId(),
                (clientId, count) -> count <= 1 ? null : count - 1);
    }
}
