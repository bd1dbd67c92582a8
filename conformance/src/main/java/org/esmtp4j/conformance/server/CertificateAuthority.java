package org.esmtp4j.conformance.server;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;

/**
 * A throw-away certificate authority made by {@link ThrowAwayPki#newAuthority}: its certificate
 * is what clients trust, and it issues server and client certificates.
 */
public final class CertificateAuthority {

    private final ThrowAwayPki pki;
    private final Path store;
    private final IssuedCertificate self;

    CertificateAuthority(ThrowAwayPki pki, Path store, IssuedCertificate self) {
        this.pki = pki;
        this.store = store;
        this.self = self;
    }

    /**
     * Generates a key pair and a certificate for it signed by this authority; its chain is the
     * certificate then this authority's.
     *
     * @param commonName the subject CN
     * @param subjectAltNames the subjectAltName entries in keytool's syntax ({@code dns:mail.example},
     *     {@code ip:127.0.0.1}); none for no extension
     * @return the certificate with its key
     * @throws IOException if keytool fails or takes too long, or the PKI was closed
     */
    public IssuedCertificate issue(String commonName, String... subjectAltNames) throws IOException {
        return pki.issue(store, certificate(), commonName, subjectAltNames);
    }

    /**
     * The authority's certificate.
     *
     * @return the authority's certificate
     */
    public X509Certificate certificate() {
        return self.certificate();
    }

    /**
     * The authority's certificate as a PEM file: what {@code TlsSettings.trustedCertificates} and
     * OpenSSL take.
     *
     * @return the PEM file
     */
    public Path certificatePem() {
        return self.certificatePem();
    }

    /**
     * A new client context whose only trust anchor is this authority.
     *
     * @return a new client context
     */
    public SSLContext clientContextTrustingOnlyThis() {
        return self.clientContextTrustingOnlyThis();
    }
}
