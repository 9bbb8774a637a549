package io.ferry.broker;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import io.ferry.broker.auth.Identity;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The identity verified at CONNECT, kept in the connection's attribute store so every later decision on that
 * connection (SUBSCRIBE, PUBLISH) uses exactly what was verified for it.
 */
final class ConnectionIdentity {
    private static final String METHOD = "ferry.auth.method";
    private static final String USERNAME = "ferry.auth.username";
    private static final String CONNECTION = "ferry.auth.connection";

    private ConnectionIdentity() {
    }

    static void store(ConnectionAttributeStore store, Identity identity, long connection) {
        store.putAsString(METHOD, identity.method().name());
        if (identity.username() != null) {
            store.putAsString(USERNAME, identity.username());
        }
        store.putAsString(CONNECTION, Long.toString(connection));
    }

    /** An anonymous identity for a connection that stored none (it cannot pass CONNECT without one). */
    static Identity of(ConnectionAttributeStore store, String clientId) {
        Optional<String> method = store.getAsString(METHOD);
        if (method.isEmpty()) {
            return Identity.anonymous(clientId);
        }
        return new Identity(clientId, store.getAsString(USERNAME).orElse(null), Identity.Method.valueOf(method.get()));
    }

    static OptionalLong connection(ConnectionAttributeStore store) {
        return store.getAsString(CONNECTION).map(value -> OptionalLong.of(Long.parseLong(value)))
                .orElse(OptionalLong.empty());
    }
}
