package io.ferry.broker.auth;

import static java.util.Objects.requireNonNull;

/**
 * Who a connection is, as verified at CONNECT: its clientId, the verified username ({@code null} when nothing
 * vouches for one: anonymous devices, JWTs without a username claim) and how it proved it.
 */
public record Identity(String clientId, String username, Method method) {
    /** How a device proved its identity. */
    public enum Method { ANONYMOUS, PASSWORD, JWT, X509 }

    public Identity {
        requireNonNull(clientId, "clientId");
        requireNonNull(method, "method");
        if (username != null && username.isEmpty()) {
            username = null;
        }
    }

    public static Identity anonymous(String clientId) {
        return new Identity(clientId, null, Method.ANONYMOUS);
    }
}
