package io.ferry.broker.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A signed JWT as the MQTT password (Nimbus JOSE+JWT). Signature, {@code exp} (required), {@code nbf}, optional
 * issuer and audience are checked against the injected clock; the clientId claim must equal the MQTT clientId.
 * Only tokens signed with one of Ferry's key types' algorithms are accepted (never {@code none}).
 */
final class JwtProvider implements Provider {
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384,
            JWSAlgorithm.HS512, JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256,
            JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final JwtConfig config;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** Loads the keys now, so a bad key file fails at startup with IllegalArgumentException. */
    JwtProvider(JwtConfig config, Clock clock, Duration reloadInterval) {
        this.config = config;
        List<JWK> fixed = new ArrayList<>();
        if (config.secret() != null) {
            fixed.add(new OctetSequenceKey.Builder(config.secret()).build());
        }
        if (config.publicKey() != null) {
            fixed.add(publicKeyJwk(config.publicKey()));
        }
        ReloadingFile<JWKSet> jwks = config.jwks() == null ? null
                : new ReloadingFile<>(config.jwks(), JwtProvider::parseJwks, clock, reloadInterval);
        JWKSource<SecurityContext> keys = (selector, context) -> {
            List<JWK> all = new ArrayList<>(fixed);
            if (jwks != null) {
                all.addAll(jwks.current().getKeys());
            }
            return selector.select(new JWKSet(all));
        };
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        Set<String> required = new HashSet<>(Set.of("exp", config.clientIdClaim()));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (config.issuer() != null) {
            exact.issuer(config.issuer());
        }
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(config.audience(),
                exact.build(), required) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        verifier.setMaxClockSkew((int) config.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(verifier);
    }

    @Override
    public String name() {
        return "jwt";
    }

    @Override
    public Optional<AuthOutcome> authenticate(ConnectAttempt attempt) {
        String token = attempt.passwordText();
        if (token == null || !COMPACT_JWS.matcher(token).matches()) {
            return Optional.empty();
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            return Optional.of(AuthOutcome.refused(AuthOutcome.Refusal.BAD_CREDENTIALS, "JWT is malformed"));
        } catch (BadJOSEException | JOSEException e) {
            // The library's message names the failed check (expired, bad signature), never the token.
            return Optional.of(AuthOutcome.refused(AuthOutcome.Refusal.BAD_CREDENTIALS,
                    "JWT rejected: " + e.getMessage()));
        }
        Object clientId = claims.getClaim(config.clientIdClaim());
        if (!attempt.clientId().equals(clientId)) {
            return Optional.of(AuthOutcome.refused(AuthOutcome.Refusal.CLIENT_ID_NOT_ALLOWED,
                    "JWT claim " + config.clientIdClaim() + " does not match the clientId"));
        }
        Object username = config.usernameClaim() == null ? null : claims.getClaim(config.usernameClaim());
        return Optional.of(AuthOutcome.allowed(new Identity(attempt.clientId(),
                username instanceof String name ? name : null, Identity.Method.JWT)));
    }

    static JWKSet parseJwks(String text) {
        try {
            return JWKSet.parse(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWKS document: " + e.getMessage());
        }
    }

    /** An RSA or EC public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
    static JWK publicKeyJwk(Path pem) {
        String text;
        try {
            text = Files.readString(pem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pem, e);
        }
        String base64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(pem + ": not a PEM public key");
        }
        PublicKey key = decode(der, "RSA");
        if (key == null) {
            key = decode(der, "EC");
        }
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        if (key instanceof ECPublicKey ec) {
            return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
        }
        throw new IllegalArgumentException(pem + ": not an RSA or EC public key (-----BEGIN PUBLIC KEY-----)");
    }

    private static PublicKey decode(byte[] der, String algorithm) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}
