package io.ferry.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.broker.TestCertificates;
import org.junit.jupiter.api.Test;

class X509ProviderTest {
    private final TestCertificates certificates = new TestCertificates();

    @Test
    void shouldBindClientIdToSanWhenConfiguredForSan() {
        TestCertificates.Client device = certificates.issue("Factory Line 3", "press-17.devices.example");
        X509Provider san = new X509Provider(CertificateBinding.SAN);

        AuthOutcome bound = san.authenticate(attempt("press-17.devices.example", device)).orElseThrow();
        AuthOutcome other = san.authenticate(attempt("Factory Line 3", device)).orElseThrow();

        assertThat(bound.identity()).isEqualTo(new Identity("press-17.devices.example", "press-17.devices.example",
                Identity.Method.X509));
        assertThat(other.refusal()).isEqualTo(AuthOutcome.Refusal.CLIENT_ID_NOT_ALLOWED);
    }

    @Test
    void shouldIgnoreSansWhenConfiguredForCn() {
        TestCertificates.Client device = certificates.issue("camera-9", "victim-1");
        X509Provider cn = new X509Provider(CertificateBinding.CN);

        assertThat(cn.authenticate(attempt("victim-1", device)).orElseThrow().refusal())
                .isEqualTo(AuthOutcome.Refusal.CLIENT_ID_NOT_ALLOWED);
        assertThat(cn.authenticate(attempt("camera-9", device)).orElseThrow().isAllowed()).isTrue();
    }

    @Test
    void shouldNotApplyWhenNoCertificateWasPresented() {
        assertThat(new X509Provider(CertificateBinding.CN)
                .authenticate(new ConnectAttempt("camera-9", null, null, null, "10.0.0.1"))).isEmpty();
    }

    private static ConnectAttempt attempt(String clientId, TestCertificates.Client device) {
        return new ConnectAttempt(clientId, null, null, device.certificate(), "10.0.0.1");
    }
}
