package io.ferry.broker.auth;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * JWT authentication: the device sends the token as its MQTT password. At least one key source: an HMAC secret,
 * a PEM public key (RSA or EC), or a JWKS file (reread on change).
 *
 * @param secret        HMAC secret bytes (HS256/384/512), at least 32 bytes, or null
 * @param publicKey     PEM file with an RSA or EC public key (RS*, PS*, ES*), or null
 * @param jwks          JSON Web Key Set file, or null
 * @param clientIdClaim claim that must equal the MQTT clientId
 * @param usernameClaim claim that becomes the verified username for ACL rules, or null for none
 * @param issuer        required {@code iss}, or null
 * @param audience      required {@code aud} member, or null
 * @param clockSkew     tolerance for {@code exp} and {@code nbf}
 */
public record JwtConfig(byte[] secret, Path publicKey, Path jwks, String clientIdClaim, String usernameClaim,
                        String issuer, String audience, Duration clockSkew) {
    public static final int MIN_SECRET_BYTES = 32;
    public static final String DEFAULT_CLIENT_ID_CLAIM = "sub";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    public JwtConfig {
        requireNonNull(clientIdClaim, "clientIdClaim");
        requireNonNull(clockSkew, "clockSkew");
        if (secret == null && publicKey == null && jwks == null) {
            throw new IllegalArgumentException("JWT needs a secret, a public key or a JWKS file");
        }
        if (secret != null && secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("JWT secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative");
        }
        secret = secret == null ? null : secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret == null ? null : secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JwtConfig c && java.util.Arrays.equals(secret, c.secret)
                && java.util.Objects.equals(publicKey, c.publicKey) && java.util.Objects.equals(jwks, c.jwks)
                && clientIdClaim.equals(c.clientIdClaim) && java.util.Objects.equals(usernameClaim, c.usernameClaim)
                && java.util.Objects.equals(issuer, c.issuer) && java.util.Objects.equals(audience, c.audience)
                && clockSkew.equals(c.clockSkew);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Arrays.hashCode(secret), publicKey, jwks, clientIdClaim,
                usernameClaim, issuer, audience, clockSkew);
    }

    @Override
    public String toString() {
        return "JwtConfig[secret=" + (secret == null ? "none" : "******") + ", publicKey=" + publicKey + ", jwks="
                + jwks + ", clientIdClaim=" + clientIdClaim + ", usernameClaim=" + usernameClaim + ", issuer="
                + issuer + ", audience=" + audience + ", clockSkew=" + clockSkew + "]";
    }
}
