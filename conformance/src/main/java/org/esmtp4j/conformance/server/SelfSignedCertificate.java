package org.esmtp4j.conformance.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away self-signed EC certificate and key for TLS tests, made by the JDK's
 * {@code keytool} (the JDK has no public API to create certificates). It provides the server's
 * {@link SSLContext} for {@link ScriptBuilder#startTls} and a client context that trusts exactly
 * this certificate.
 */
public final class SelfSignedCertificate {

    private static final char[] PASSWORD = "conformance".toCharArray();
    private static final String ALIAS = "server";

    private final KeyStore keyStore;
    private final X509Certificate certificate;

    private SelfSignedCertificate(KeyStore keyStore) throws GeneralSecurityException {
        this.keyStore = keyStore;
        this.certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
    }

    /**
     * Generates a certificate for {@code dnsName} (subject CN and subjectAltName DNS entry; the
     * SAN also lists IP 127.0.0.1), valid for two days, waiting at most {@code timeout} for
     * keytool.
     *
     * @param dnsName the host name the certificate names
     * @param timeout the longest time to wait
     * @return the generated certificate with its key
     * @throws IOException if keytool is missing, fails or takes too long
     */
    public static SelfSignedCertificate generate(String dnsName, Duration timeout) throws IOException {
        if (!dnsName.matches("[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("not a plain DNS name: " + dnsName);
        }
        Path dir = Files.createTempDirectory("esmtp4j-cert");
        try {
            Path store = dir.resolve("server.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                    "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=" + dnsName, "-ext", "SAN=dns:" + dnsName + ",ip:127.0.0.1",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("keytool.log").toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IOException("keytool failed (" + process.exitValue() + "): "
                        + Files.readString(dir.resolve("keytool.log"), StandardCharsets.UTF_8));
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, PASSWORD);
            }
            return new SelfSignedCertificate(keyStore);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the generated key store", e);
        } finally {
            deleteRecursively(dir);
        }
    }

    /**
     * The certificate.
     *
     * @return the certificate
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * A server context presenting this certificate.
     *
     * @return a server context presenting this certificate
     */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a server TLS context", e);
        }
    }

    /**
     * A client context whose only trust anchor is this certificate.
     *
     * @return a client context whose only trust anchor is this certificate
     */
    public SSLContext clientContextTrustingOnlyThis() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("trusted", certificate);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client TLS context", e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
