package io.ferry.broker.auth;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * What a device presented at CONNECT. The password is a secret: {@link #toString()} never prints it.
 *
 * @param username    MQTT username, or null
 * @param password    MQTT password bytes (a password or a JWT), or null
 * @param certificate the TLS client certificate the listener verified against its truststore, or null
 * @param source      the peer's address, for rate limiting and logs
 */
public record ConnectAttempt(String clientId, String username, byte[] password, X509Certificate certificate,
                             String source) {
    public ConnectAttempt {
        requireNonNull(clientId, "clientId");
        requireNonNull(source, "source");
        password = password == null ? null : password.clone();
        if (username != null && username.isEmpty()) {
            username = null;
        }
    }

    String passwordText() {
        return password == null ? null : new String(password, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectAttempt a && clientId.equals(a.clientId) && source.equals(a.source)
                && java.util.Objects.equals(username, a.username) && Arrays.equals(password, a.password)
                && java.util.Objects.equals(certificate, a.certificate);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(clientId, username, Arrays.hashCode(password), certificate, source);
    }

    @Override
    public String toString() {
        return "ConnectAttempt[clientId=" + clientId + ", username=" + username + ", password="
                + (password == null ? "none" : "******") + ", certificate="
                + (certificate == null ? "none" : certificate.getSubjectX500Principal().getName()) + ", source="
                + source + "]";
    }
}
