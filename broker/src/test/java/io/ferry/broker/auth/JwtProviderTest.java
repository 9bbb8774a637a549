package io.ferry.broker.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.ferry.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtProviderTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(UTF_8);
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    @TempDir
    Path dir;

    @Test
    void shouldEnforceExpiryAndNotBeforeAgainstTheInjectedClock() throws Exception {
        JwtProvider provider = provider(new JwtConfig(SECRET, null, null, "sub", null, null, null, Duration.ZERO));
        String token = hmac(new JWTClaimsSet.Builder().subject("d1").notBeforeTime(Date.from(NOW.plusSeconds(60)))
                .expirationTime(Date.from(NOW.plusSeconds(120))).build());

        assertThat(refusal(provider, "d1", token)).as("before nbf").isEqualTo(AuthOutcome.Refusal.BAD_CREDENTIALS);
        clock.advance(Duration.ofSeconds(90));
        assertThat(provider.authenticate(attempt("d1", token)).orElseThrow().isAllowed()).isTrue();
        clock.advance(Duration.ofSeconds(60));
        assertThat(refusal(provider, "d1", token)).as("after exp").isEqualTo(AuthOutcome.Refusal.BAD_CREDENTIALS);
    }

    @Test
    void shouldRefuseTokensWithoutExpiryOrSignature() throws Exception {
        JwtProvider provider = provider(new JwtConfig(SECRET, null, null, "sub", null, null, null, Duration.ZERO));
        String noExp = hmac(new JWTClaimsSet.Builder().subject("d1").build());
        String unsigned = new PlainJWT(new JWTClaimsSet.Builder().subject("d1")
                .expirationTime(Date.from(NOW.plusSeconds(60))).build()).serialize();

        assertThat(refusal(provider, "d1", noExp)).isEqualTo(AuthOutcome.Refusal.BAD_CREDENTIALS);
        assertThat(refusal(provider, "d1", unsigned)).isEqualTo(AuthOutcome.Refusal.BAD_CREDENTIALS);
    }

    @Test
    void shouldUseConfiguredClaimsForClientIdUsernameIssuerAndAudience() throws Exception {
        JwtProvider provider = provider(new JwtConfig(SECRET, null, null, "device", "owner", "ferry-issuer",
                "ferry", Duration.ZERO));
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().claim("device", "d1").claim("owner", "alice")
                .expirationTime(Date.from(NOW.plusSeconds(60))).audience("ferry");

        AuthOutcome good = provider.authenticate(attempt("d1", hmac(claims.issuer("ferry-issuer").build())))
                .orElseThrow();
        AuthOutcome wrongIssuer = provider.authenticate(attempt("d1", hmac(claims.issuer("other").build())))
                .orElseThrow();

        assertThat(good.identity()).isEqualTo(new Identity("d1", "alice", Identity.Method.JWT));
        assertThat(wrongIssuer.refusal()).isEqualTo(AuthOutcome.Refusal.BAD_CREDENTIALS);
    }

    @Test
    void shouldVerifyEcSignatureWithPemPublicKey() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        Path pem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.toECPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        JwtProvider provider = provider(new JwtConfig(null, pem, null, "sub", null, null, null, Duration.ZERO));
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), new JWTClaimsSet.Builder().subject("d1")
                .expirationTime(Date.from(NOW.plusSeconds(60))).build());
        jwt.sign(new ECDSASigner(key));

        assertThat(provider.authenticate(attempt("d1", jwt.serialize())).orElseThrow().isAllowed()).isTrue();
        assertThat(refusal(provider, "d1", hmac(new JWTClaimsSet.Builder().subject("d1")
                .expirationTime(Date.from(NOW.plusSeconds(60))).build())))
                .as("an HMAC token against a public key only").isEqualTo(AuthOutcome.Refusal.BAD_CREDENTIALS);
    }

    @Test
    void shouldNotApplyWhenPasswordIsNoJwt() {
        JwtProvider provider = provider(new JwtConfig(SECRET, null, null, "sub", null, null, null, Duration.ZERO));

        assertThat(provider.authenticate(attempt("d1", "just a password"))).isEmpty();
    }

    private JwtProvider provider(JwtConfig config) {
        return new JwtProvider(config, clock, Duration.ZERO);
    }

    private static String hmac(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(SECRET));
        return jwt.serialize();
    }

    private static AuthOutcome.Refusal refusal(JwtProvider provider, String clientId, String token) {
        return provider.authenticate(attempt(clientId, token)).orElseThrow().refusal();
    }

    private static ConnectAttempt attempt(String clientId, String token) {
        return new ConnectAttempt(clientId, null, token.getBytes(UTF_8), null, "10.0.0.1");
    }
}
