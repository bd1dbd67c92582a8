package org.esmtp4j.conformance.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate made by {@link ThrowAwayPki}, with its private key and chain: as PEM files for
 * OpenSSL (the libesmtp engine, aiosmtpd) and as {@link SSLContext}s for the JDK (the scripted
 * server, the java engine). The PEM files are written when it is made.
 */
public final class IssuedCertificate {

    private static final Base64.Encoder PEM_BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private final PrivateKey key;
    private final X509Certificate[] chain;
    private final Path base;

    private IssuedCertificate(PrivateKey key, X509Certificate[] chain, Path base) {
        this.key = key;
        this.chain = chain;
        this.base = base;
    }

    /** Writes the certificate, chain and key PEM files next to {@code base}. */
    static IssuedCertificate write(PrivateKey key, X509Certificate[] chain, Path base)
            throws IOException, GeneralSecurityException {
        IssuedCertificate issued = new IssuedCertificate(key, chain, base);
        StringBuilder chainPem = new StringBuilder();
        for (X509Certificate certificate : chain) {
            chainPem.append(pem("CERTIFICATE", certificate.getEncoded()));
        }
        writeAscii(issued.certificatePem(), pem("CERTIFICATE", chain[0].getEncoded()));
        writeAscii(issued.chainPem(), chainPem.toString());
        writeAscii(issued.keyPem(), pem("PRIVATE KEY", key.getEncoded()));
        return issued;
    }

    /**
     * The certificate.
     *
     * @return the certificate
     */
    public X509Certificate certificate() {
        return chain[0];
    }

    /**
     * The certificate alone, PEM.
     *
     * @return the PEM file
     */
    public Path certificatePem() {
        return ThrowAwayPki.withSuffix(base, ".pem");
    }

    /**
     * The certificate followed by its issuer's (for a self-signed one, the certificate alone), PEM.
     *
     * @return the PEM file
     */
    public Path chainPem() {
        return ThrowAwayPki.withSuffix(base, "-chain.pem");
    }

    /**
     * The private key, unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}).
     *
     * @return the PEM file
     */
    public Path keyPem() {
        return ThrowAwayPki.withSuffix(base, "-key.pem");
    }

    /**
     * Writes the private key as encrypted PKCS#8 PEM ({@code BEGIN ENCRYPTED PRIVATE KEY}, PBES2
     * with PBKDF2-HMAC-SHA256 and AES-256-CBC, which OpenSSL 3 reads), replacing the file an
     * earlier call wrote.
     *
     * @param password the password that decrypts it
     * @return the PEM file
     * @throws IOException if the file cannot be written or the JDK cannot encrypt
     */
    public Path encryptedKeyPem(char[] password) throws IOException {
        Path file = ThrowAwayPki.withSuffix(base, "-key-encrypted.pem");
        try {
            writeAscii(file, pem("ENCRYPTED PRIVATE KEY", Pbes2.encrypt(key.getEncoded(), password)));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt the key", e);
        }
        return file;
    }

    /**
     * A new server context presenting this certificate and its chain.
     *
     * @return a new server context
     */
    public SSLContext serverContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ThrowAwayPki.KEY_ALIAS, key, ThrowAwayPki.STORE_PASSWORD, chain);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, ThrowAwayPki.STORE_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a server TLS context", e);
        }
    }

    /**
     * A new client context whose only trust anchor is this certificate.
     *
     * @return a new client context
     */
    public SSLContext clientContextTrustingOnlyThis() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("trusted", certificate());
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client TLS context", e);
        }
    }

    static X509Certificate readCertificate(InputStream pemOrDer) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pemOrDer);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + PEM_BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void writeAscii(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
