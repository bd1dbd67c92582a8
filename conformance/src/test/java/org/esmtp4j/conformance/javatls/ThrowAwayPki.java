package org.esmtp4j.conformance.javatls;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away certificate authority for TLS tests, made with the JDK's {@code keytool}
 * (bounded): the CA certificate as a PEM file to trust, and server contexts whose certificate
 * the CA signed for a given name. Close it to delete the files.
 */
final class ThrowAwayPki implements AutoCloseable {

    private static final String PASSWORD = "throwaway";
    private static final Duration KEYTOOL_LIMIT = Duration.ofSeconds(60);

    private final Path dir;
    private final Path caStore;
    private final Path caPem;
    private final X509Certificate caCertificate;

    private ThrowAwayPki(Path dir) throws IOException {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.caPem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=esmtp4j throw-away test CA", "-ext", "bc:c", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", caStore.toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASSWORD,
                "-file", caPem.toString());
        this.caCertificate = readCertificate(caPem);
    }

    /** Creates the CA. */
    static ThrowAwayPki create() throws IOException {
        return new ThrowAwayPki(Files.createTempDirectory("esmtp4j-pki"));
    }

    /** @return a PEM file holding the CA certificate, for {@code TlsSettings.trustedCertificates} */
    Path caPem() {
        return caPem;
    }

    /**
     * A server context presenting a CA-signed certificate for {@code dnsName} (CN and DNS
     * subjectAltName), with the CA in the chain.
     */
    SSLContext serverContext(String dnsName) throws IOException {
        String alias = dnsName.replaceAll("[^A-Za-z0-9]", "-");
        Path store = dir.resolve(alias + ".p12");
        Path csr = dir.resolve(alias + ".csr");
        Path signed = dir.resolve(alias + ".pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=" + dnsName, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD);
        keytool("-certreq", "-alias", "server", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASSWORD,
                "-infile", csr.toString(), "-outfile", signed.toString(), "-ext", "SAN=dns:" + dnsName,
                "-validity", "2");
        try {
            KeyStore generated = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                generated.load(in, PASSWORD.toCharArray());
            }
            PrivateKey key = (PrivateKey) generated.getKey("server", PASSWORD.toCharArray());
            KeyStore chained = KeyStore.getInstance("PKCS12");
            chained.load(null, null);
            chained.setKeyEntry("server", key, PASSWORD.toCharArray(),
                    new X509Certificate[] {readCertificate(signed), caCertificate});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(chained, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the server context for " + dnsName, e);
        }
    }

    private static X509Certificate readCertificate(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException("not a certificate: " + pem, e);
        }
    }

    private void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Path log = dir.resolve("keytool.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(KEYTOOL_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish within " + KEYTOOL_LIMIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running keytool", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool " + arguments[0] + " failed: " + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
