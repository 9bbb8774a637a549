package io.ferry.broker;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;

/** What a connection is to Ferry, decided once at CONNECT by {@link FerryAuthenticator}. */
enum Role {
    BRIDGE, DEVICE;

    private static final String ATTRIBUTE = "io.ferry.role";

    static Role of(ConnectionInformation connection) {
        return connection.getConnectionAttributeStore().getAsString(ATTRIBUTE)
                .map(Role::valueOf)
                .orElse(DEVICE);
    }

    void assignTo(ConnectionInformation connection) {
        connection.getConnectionAttributeStore().putAsString(ATTRIBUTE, name());
    }
}
