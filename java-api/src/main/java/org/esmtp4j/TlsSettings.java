package org.esmtp4j;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * How TLS is set up, for STARTTLS and implicit TLS alike; both engines honour it (the libesmtp
 * engine builds a fresh OpenSSL context from it for every session). Secure by default: the
 * server's certificate chain is verified against the system's trusted CAs and its name is checked
 * against the host name the caller configured ({@link Session#setServer(String)}, or
 * {@link Builder#expectedHostName(String)}), never against a name taken from DNS; TLS 1.2 or newer.
 *
 * <p>Certificate problems reach {@link SmtpEvents} as libESMTP's events
 * ({@code acceptInvalidPeerCertificate}, {@code acceptWrongPeerCertificate}, ...), whose default
 * answer is refusal.
 */
public final class TlsSettings {

    /** The defaults: system trust store, no client certificate, name checked. */
    public static final TlsSettings DEFAULT = builder().build();

    private final Path trustedCertificates;
    private final Path clientCertificate;
    private final Path clientKey;
    private final Supplier<char[]> keyPassword;
    private final SSLContext sslContext;
    private final String expectedHostName;
    private final boolean trustAnyCertificate;

    private TlsSettings(Builder b) {
        this.trustedCertificates = b.trustedCertificates;
        this.clientCertificate = b.clientCertificate;
        this.clientKey = b.clientKey;
        this.keyPassword = b.keyPassword;
        this.sslContext = b.sslContext;
        this.expectedHostName = b.expectedHostName;
        this.trustAnyCertificate = b.trustAnyCertificate;
    }

    /** @return a builder with the secure defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a PEM file of CA certificates to trust instead of the system store, or null */
    public Path trustedCertificates() {
        return trustedCertificates;
    }

    /** @return the client certificate chain (PEM), or null */
    public Path clientCertificate() {
        return clientCertificate;
    }

    /** @return the client private key (PEM, PKCS#8, possibly encrypted), or null */
    public Path clientKey() {
        return clientKey;
    }

    /** @return gives the key's password when asked (libESMTP's {@code smtp_starttls_set_password_cb}), or null */
    public Supplier<char[]> keyPassword() {
        return keyPassword;
    }

    /** @return the caller's own SSLContext (java engine only), or null */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** @return the name the certificate must match, or null for the configured server host */
    public String expectedHostName() {
        return expectedHostName;
    }

    /** @return true when certificate verification is switched off (tests only) */
    public boolean trustAnyCertificate() {
        return trustAnyCertificate;
    }

    /** Builds {@link TlsSettings}. */
    public static final class Builder {
        private Path trustedCertificates;
        private Path clientCertificate;
        private Path clientKey;
        private Supplier<char[]> keyPassword;
        private SSLContext sslContext;
        private String expectedHostName;
        private boolean trustAnyCertificate;

        private Builder() {
        }

        /**
         * Trusts the CA certificates in this PEM file instead of the system store.
         *
         * @param pemFile the CA certificates
         * @return this
         */
        public Builder trustedCertificates(Path pemFile) {
            trustedCertificates = Objects.requireNonNull(pemFile, "pemFile");
            return this;
        }

        /**
         * Presents a client certificate (libESMTP's {@code private/smtp-starttls.pem}).
         *
         * @param certificateChainPem the certificate chain, PEM
         * @param privateKeyPem the private key, PEM (PKCS#8)
         * @param password gives the key's password if it is encrypted, or null
         * @return this
         */
        public Builder clientCertificate(Path certificateChainPem, Path privateKeyPem, Supplier<char[]> password) {
            clientCertificate = Objects.requireNonNull(certificateChainPem, "certificateChainPem");
            clientKey = Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            keyPassword = password;
            return this;
        }

        /**
         * Uses the caller's SSLContext (java engine only; the libesmtp engine refuses it). The
         * host name is still checked.
         *
         * @param context the context
         * @return this
         */
        public Builder sslContext(SSLContext context) {
            sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * The name the server certificate must match, when it is not the host given to
         * {@link Session#setServer(String)} (for example when connecting to an IP address).
         *
         * @param hostName a DNS name
         * @return this
         */
        public Builder expectedHostName(String hostName) {
            org.esmtp4j.internal.Validation.checkEhloName(hostName);
            expectedHostName = hostName;
            return this;
        }

        /**
         * Switches certificate and name verification off. For tests against servers with
         * throw-away certificates only: the connection is then open to interception.
         *
         * @return this
         */
        public Builder trustAnyCertificateInsecurely() {
            trustAnyCertificate = true;
            return this;
        }

        /** @return the settings */
        public TlsSettings build() {
            return new TlsSettings(this);
        }
    }
}
