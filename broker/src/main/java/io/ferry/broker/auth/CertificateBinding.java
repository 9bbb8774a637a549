package io.ferry.broker.auth;

/** Which part of a client certificate must equal the clientId ({@code ferry.auth.x509.client.id}). */
public enum CertificateBinding {
    /** The subject's common name. */
    CN,
    /** One of the DNS, URI or e-mail subject alternative names. */
    SAN
}
