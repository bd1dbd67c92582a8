package org.esmtp4j.conformance.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Throw-away X.509 material for TLS tests and scenarios: self-signed certificates and
 * certificate authorities that issue certificates, all EC P-256 keys signed with
 * SHA256withECDSA and valid for two days. They are made by the JDK's {@code keytool} (the JDK has
 * no public API to create certificates), each run bounded by {@link #KEYTOOL_LIMIT}. The files
 * (key stores, PEM certificates and keys) live in one temporary directory that {@link #close()}
 * deletes, or the JVM's exit if nobody closes it; certificates, keys and contexts already made
 * stay usable in memory after that.
 *
 * <p>Subject alternative names are given in keytool's syntax, one per argument:
 * {@code dns:mail.example}, {@code ip:127.0.0.1}.
 */
public final class ThrowAwayPki implements AutoCloseable {

    /** The longest one keytool run may take. */
    public static final Duration KEYTOOL_LIMIT = Duration.ofSeconds(60);
    /** The password of every key store keytool writes here and of the ones this package builds. */
    static final char[] STORE_PASSWORD = "throw-away".toCharArray();
    /** The alias of the key entry in every key store. */
    static final String KEY_ALIAS = "key";

    private final Path dir;
    private int made;

    private ThrowAwayPki(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates an empty temporary directory for the material; nothing is generated yet.
     *
     * @return the new, empty PKI
     * @throws IOException if the directory cannot be created
     */
    public static ThrowAwayPki create() throws IOException {
        Path dir = Files.createTempDirectory("esmtp4j-pki");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
        return new ThrowAwayPki(dir);
    }

    /**
     * Generates a certificate authority (basic constraints CA:true) whose certificate is
     * self-signed and names {@code commonName}.
     *
     * @param commonName the subject CN, e.g. {@code esmtp4j test CA}
     * @return the authority, ready to issue
     * @throws IOException if keytool is missing, fails or takes too long
     */
    public synchronized CertificateAuthority newAuthority(String commonName) throws IOException {
        Path base = newKeyPair(commonName, List.of("-ext", "bc:c"));
        return new CertificateAuthority(this, store(base), selfSignedIn(base));
    }

    /**
     * Generates a self-signed certificate: its own issuer and only trust anchor.
     *
     * @param commonName the subject CN
     * @param subjectAltNames the subjectAltName entries in keytool's syntax; none for no extension
     * @return the certificate with its key
     * @throws IOException if keytool is missing, fails or takes too long
     */
    public synchronized IssuedCertificate selfSigned(String commonName, String... subjectAltNames) throws IOException {
        List<String> extension = subjectAltNames.length == 0 ? List.of()
                : List.of("-ext", "SAN=" + String.join(",", subjectAltNames));
        return selfSignedIn(newKeyPair(commonName, extension));
    }

    /**
     * Generates a key pair for {@code commonName}, has {@code authority} sign its certificate and
     * returns it with the authority's certificate in its chain.
     */
    synchronized IssuedCertificate issue(Path authorityStore, X509Certificate authorityCertificate, String commonName,
            String... subjectAltNames) throws IOException {
        Path base = newKeyPair(commonName, List.of());
        Path store = store(base);
        Path request = withSuffix(base, ".csr");
        Path signed = withSuffix(base, "-signed.pem");
        keytool("-certreq", "-alias", KEY_ALIAS, "-file", request.toString(), "-keystore", store.toString(),
                "-storepass", new String(STORE_PASSWORD));
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", KEY_ALIAS, "-infile", request.toString(),
                "-outfile", signed.toString(), "-rfc", "-validity", "2", "-sigalg", "SHA256withECDSA",
                "-keystore", authorityStore.toString(), "-storepass", new String(STORE_PASSWORD)));
        if (subjectAltNames.length > 0) {
            gencert.addAll(List.of("-ext", "SAN=" + String.join(",", subjectAltNames)));
        }
        keytool(gencert.toArray(new String[0]));
        try (InputStream in = Files.newInputStream(signed)) {
            X509Certificate certificate = IssuedCertificate.readCertificate(in);
            return IssuedCertificate.write((PrivateKey) load(store).getKey(KEY_ALIAS, STORE_PASSWORD),
                    new X509Certificate[] {certificate, authorityCertificate}, base);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read what keytool signed: " + signed, e);
        }
    }

    /**
     * Writes a key store holding a fresh key pair and its self-signed certificate.
     *
     * @return the name every file about this key starts with (the store is {@code <name>.p12})
     */
    private Path newKeyPair(String commonName, List<String> extensions) throws IOException {
        if (commonName.contains(",") || commonName.contains("=")) {
            throw new IllegalArgumentException("not a plain common name: " + commonName);
        }
        made++;
        Path base = dir.resolve(made + "-" + commonName.replaceAll("[^A-Za-z0-9.-]", "_"));
        Path store = store(base);
        List<String> genkeypair = new ArrayList<>(List.of("-genkeypair", "-alias", KEY_ALIAS, "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=" + commonName,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(STORE_PASSWORD)));
        genkeypair.addAll(extensions);
        keytool(genkeypair.toArray(new String[0]));
        return base;
    }

    /** The key and self-signed certificate keytool put in {@code <base>.p12}. */
    private static IssuedCertificate selfSignedIn(Path base) throws IOException {
        Path store = store(base);
        try {
            KeyStore keyStore = load(store);
            X509Certificate certificate = (X509Certificate) keyStore.getCertificate(KEY_ALIAS);
            return IssuedCertificate.write((PrivateKey) keyStore.getKey(KEY_ALIAS, STORE_PASSWORD),
                    new X509Certificate[] {certificate}, base);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the key store keytool wrote: " + store, e);
        }
    }

    private static KeyStore load(Path store) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, STORE_PASSWORD);
        }
        return keyStore;
    }

    private static Path store(Path base) {
        return withSuffix(base, ".p12");
    }

    /** {@code base} with {@code suffix} appended to its file name. */
    static Path withSuffix(Path base, String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
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
                throw new IOException("keytool " + arguments[0] + " did not finish within " + KEYTOOL_LIMIT);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", arguments) + " failed: "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    /** Deletes the directory and every file in it. */
    @Override
    public void close() {
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // already gone, or a temporary directory the system cleans up eventually
        }
    }
}
