package org.esmtp4j.conformance.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.esmtp4j.conformance.server.SelfSignedCertificate;

/**
 * The certificates the TLS scenarios need, made once per JVM at first use with the JDK's
 * {@code keytool} (bounded; the JDK has no public API to issue certificates): a throw-away CA
 * whose PEM the clients trust, server contexts it signed for {@code mail.example} and
 * {@code other.example}, one for {@code mail.example} signed by a second CA nobody trusts, a
 * self-signed one, and a file that is not PEM. The files live in a temporary directory deleted
 * when the JVM exits.
 */
final class ThrowAwayCertificates {

    private static final String PASSWORD = "throwaway";
    private static final Duration KEYTOOL_LIMIT = Duration.ofSeconds(60);
    private static ThrowAwayCertificates instance;

    private final Path dir;
    private final Path caPem;
    private final Path notPem;
    private final SSLContext mailExample;
    private final SSLContext otherExample;
    private final SSLContext rogueMailExample;
    private final SSLContext selfSigned;
    private final Path clientChainPem;
    private final Path clientKeyPem;
    private final SSLContext trustingClientContext;

    private ThrowAwayCertificates(Path dir) throws IOException {
        this.dir = dir;
        Path caStore = newCa("ca");
        Path rogueStore = newCa("rogue");
        this.caPem = dir.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASSWORD,
                "-file", caPem.toString());
        this.mailExample = issue(caStore, "mail.example", "mail");
        this.otherExample = issue(caStore, "other.example", "other");
        this.rogueMailExample = issue(rogueStore, "mail.example", "rogue-mail");
        this.selfSigned = SelfSignedCertificate.generate("mail.example", KEYTOOL_LIMIT).serverContext();
        issue(caStore, "client.example", "client");
        this.clientChainPem = dir.resolve("client-chain.pem");
        this.clientKeyPem = dir.resolve("client-key.pem");
        this.trustingClientContext = clientContextTrusting(caPem);
        this.notPem = dir.resolve("not-a-ca.pem");
        Files.writeString(notPem, "this file holds no certificate\n", StandardCharsets.US_ASCII);
    }

    /**
     * @return the certificates, made at the first call (every later call returns the same ones)
     * @throws UncheckedIOException if keytool is missing, fails or takes too long
     */
    static synchronized ThrowAwayCertificates get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("esmtp4j-scenario-pki");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
                instance = new ThrowAwayCertificates(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make the TLS scenarios' certificates", e);
            }
        }
        return instance;
    }

    /** @return the trusted CA's certificate as a PEM file */
    Path caPem() {
        return caPem;
    }

    /** @return a file that exists but holds no certificate */
    Path notPem() {
        return notPem;
    }

    /** @return a server context for mail.example, signed by the trusted CA */
    SSLContext mailExample() {
        return mailExample;
    }

    /** @return a server context for other.example, signed by the trusted CA */
    SSLContext otherExample() {
        return otherExample;
    }

    /** @return a server context for mail.example, signed by a CA nobody trusts */
    SSLContext rogueMailExample() {
        return rogueMailExample;
    }

    /** @return a server context with a self-signed certificate for mail.example */
    SSLContext selfSigned() {
        return selfSigned;
    }

    /** @return the PEM chain (leaf, CA) of a client certificate for client.example, signed by the trusted CA */
    Path clientChainPem() {
        return clientChainPem;
    }

    /** @return the unencrypted PKCS#8 PEM key of {@link #clientChainPem()} */
    Path clientKeyPem() {
        return clientKeyPem;
    }

    /** @return a client context whose only trust anchor is the trusted CA */
    SSLContext trustingClientContext() {
        return trustingClientContext;
    }

    private static SSLContext clientContextTrusting(Path caPem) throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", readCertificate(caPem));
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the client context", e);
        }
    }

    private Path newCa(String name) throws IOException {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=esmtp4j throw-away " + name + " CA", "-ext", "bc:c", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD);
        return store;
    }

    /**
     * A server context presenting a certificate for {@code dnsName} signed by the CA in
     * {@code caStore}, chain included; the chain and the key are also written as
     * {@code <alias>-chain.pem} and {@code <alias>-key.pem}.
     */
    private SSLContext issue(Path caStore, String dnsName, String alias) throws IOException {
        Path store = dir.resolve(alias + ".p12");
        Path csr = dir.resolve(alias + ".csr");
        Path signed = dir.resolve(alias + ".pem");
        Path caCert = dir.resolve(alias + "-ca.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=" + dnsName, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD);
        keytool("-certreq", "-alias", "server", "-keystore", store.toString(), "-storepass", PASSWORD, "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASSWORD,
                "-infile", csr.toString(), "-outfile", signed.toString(), "-ext", "SAN=dns:" + dnsName, "-validity", "2");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASSWORD,
                "-file", caCert.toString());
        try {
            KeyStore generated = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                generated.load(in, PASSWORD.toCharArray());
            }
            PrivateKey key = (PrivateKey) generated.getKey("server", PASSWORD.toCharArray());
            KeyStore chained = KeyStore.getInstance("PKCS12");
            chained.load(null, null);
            chained.setKeyEntry("server", key, PASSWORD.toCharArray(),
                    new X509Certificate[] {readCertificate(signed), readCertificate(caCert)});
            Files.writeString(dir.resolve(alias + "-chain.pem"),
                    Files.readString(signed, StandardCharsets.US_ASCII) + Files.readString(caCert, StandardCharsets.US_ASCII),
                    StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve(alias + "-key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
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

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort at JVM exit: the directory is in the system's temporary space
        }
    }
}
