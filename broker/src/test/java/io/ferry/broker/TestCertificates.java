package io.ferry.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A test CA that issues client certificates with a chosen CN and SANs, and the stores TLS needs for them. */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(1);

    private final KeyPair caKeys;
    private final X509Certificate ca;

    public TestCertificates() {
        caKeys = ecKeys();
        ca = sign(new X500Name("CN=Ferry Test CA"), caKeys, true, null);
    }

    public record Client(KeyPair keys, X509Certificate certificate) {
    }

    /** @param dnsSans DNS subject alternative names, possibly none */
    public Client issue(String commonName, String... dnsSans) {
        KeyPair keys = ecKeys();
        return new Client(keys, sign(new X500Name("CN=" + commonName), keys, false, dnsSans));
    }

    /** A PKCS12 truststore with the CA certificate, for the broker's {@code ferry.mqtt.tls.truststore}. */
    Path truststore(Path dir, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", ca);
            return save(store, dir.resolve("client-ca.p12"), password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Key managers presenting {@code client}'s certificate (and the CA) in the TLS handshake. */
    KeyManagerFactory keyManagers(Client client) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "client".toCharArray();
            store.setKeyEntry("client", client.keys().getPrivate(), password,
                    new X509Certificate[] {client.certificate(), ca});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private X509Certificate sign(X500Name subject, KeyPair keys, boolean isCa, String[] dnsSans) {
        try {
            Instant now = Instant.now();
            X500Name issuer = isCa ? subject : new X500Name(ca.getSubjectX500Principal().getName());
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(now.minus(1, ChronoUnit.HOURS)),
                    Date.from(now.plus(2, ChronoUnit.DAYS)), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (dnsSans != null && dnsSans.length > 0) {
                GeneralName[] names = new GeneralName[dnsSans.length];
                for (int i = 0; i < dnsSans.length; i++) {
                    names[i] = new GeneralName(GeneralName.dNSName, dnsSans[i]);
                }
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(isCa ? keys.getPrivate()
                    : caKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate", e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path save(KeyStore store, Path file, String password) throws IOException,
            GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
