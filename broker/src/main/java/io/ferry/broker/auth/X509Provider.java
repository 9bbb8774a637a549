package io.ferry.broker.auth;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * A TLS client certificate, already verified against {@code ferry.mqtt.tls.truststore} by the listener, binds the
 * clientId: it must equal the certificate's CN ({@code cn}) or one of its DNS, URI or e-mail SANs ({@code san}).
 * The verified name becomes the username for ACL rules.
 */
record X509Provider(CertificateBinding binding) implements Provider {
    private static final Set<Integer> NAME_SANS = Set.of(1, 2, 6); // rfc822Name, dNSName, uniformResourceIdentifier

    @Override
    public String name() {
        return "x509";
    }

    @Override
    public Optional<AuthOutcome> authenticate(ConnectAttempt attempt) {
        X509Certificate certificate = attempt.certificate();
        if (certificate == null) {
            return Optional.empty();
        }
        List<String> names = binding == CertificateBinding.CN ? commonNames(certificate)
                : subjectAltNames(certificate);
        if (!names.contains(attempt.clientId())) {
            return Optional.of(AuthOutcome.refused(AuthOutcome.Refusal.CLIENT_ID_NOT_ALLOWED,
                    "clientId is not the certificate's " + binding.name() + " (certificate "
                            + certificate.getSubjectX500Principal().getName() + ")"));
        }
        return Optional.of(AuthOutcome.allowed(
                new Identity(attempt.clientId(), attempt.clientId(), Identity.Method.X509)));
    }

    static List<String> commonNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return List.of();
        }
        return names;
    }

    static List<String> subjectAltNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans == null) {
                return names;
            }
            for (List<?> san : sans) {
                if (san.size() >= 2 && NAME_SANS.contains((Integer) san.get(0)) && san.get(1) instanceof String s) {
                    names.add(s);
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return names;
    }
}
