package org.esmtp4j.conformance.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away certificate authority for the TLS tests, made once per test JVM with the JDK's
 * {@code keytool} (each run bounded): a CA, server certificates it signed, and a client
 * certificate; each available as the server's {@link SSLContext} and as PEM files for OpenSSL and
 * Python. Files live in a temporary directory deleted when the JVM exits.
 */
final class TestPki {

    /** Every keytool run must finish within this. */
    private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final char[] STORE_PASSWORD = "esmtp4j-test".toCharArray();
    /** The password of {@link Issued#encryptedKeyPem()}. */
    static final char[] KEY_PASSWORD = "key password 1".toCharArray();

    private static TestPki instance;

    private final Path dir;
    private final Path caPem;
    private final Path caStore;

    /** A certificate the CA issued, with its key. */
    static final class Issued {
        private final KeyStore store;
        private final Path certificatePem;
        private final Path chainPem;
        private final Path keyPem;
        private final Path encryptedKeyPem;

        private Issued(KeyStore store, Path certificatePem, Path chainPem, Path keyPem, Path encryptedKeyPem) {
            this.store = store;
            this.certificatePem = certificatePem;
            this.chainPem = chainPem;
            this.keyPem = keyPem;
            this.encryptedKeyPem = encryptedKeyPem;
        }

        /** A server context presenting this certificate and the CA. */
        SSLContext serverContext() {
            try {
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, STORE_PASSWORD);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keys.getKeyManagers(), null, null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The certificate alone, PEM. */
        Path certificatePem() {
            return certificatePem;
        }

        /** The certificate followed by the CA, PEM. */
        Path chainPem() {
            return chainPem;
        }

        /** The private key, unencrypted PKCS#8 PEM. */
        Path keyPem() {
            return keyPem;
        }

        /** The private key, PKCS#8 PEM encrypted with {@link TestPki#KEY_PASSWORD}. */
        Path encryptedKeyPem() {
            return encryptedKeyPem;
        }
    }

    private TestPki(Path dir) throws IOException {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.caPem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=esmtp4j test CA", "-ext", "bc:c", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", caStore.toString(), "-storepass", new String(STORE_PASSWORD));
        try {
            writePem(caPem, "CERTIFICATE", load(caStore).getCertificate("ca").getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the CA key store", e);
        }
    }

    private static KeyStore load(Path store) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, STORE_PASSWORD);
        }
        return keyStore;
    }

    /** The CA, made on first use. */
    static synchronized TestPki get() throws IOException {
        if (instance == null) {
            Path dir = Files.createTempDirectory("esmtp4j-pki");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            instance = new TestPki(dir);
        }
        return instance;
    }

    /** The CA certificate, PEM: what {@code TlsSettings.trustedCertificates} takes. */
    Path caPem() {
        return caPem;
    }

    /**
     * Issues a certificate (cached by name within the JVM).
     *
     * @param name a file-name-safe label
     * @param subjectCn the subject CN
     * @param san the subjectAltName extension value for keytool, e.g. {@code dns:localhost,ip:127.0.0.1}
     */
    synchronized Issued issue(String name, String subjectCn, String san) throws IOException {
        Path store = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        String pass = new String(STORE_PASSWORD);
        if (!Files.exists(cert)) {
            keytool("-genkeypair", "-alias", "key", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=" + subjectCn, "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", pass);
            keytool("-certreq", "-alias", "key", "-file", csr.toString(), "-keystore", store.toString(), "-storepass", pass);
            List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-infile", csr.toString(),
                    "-outfile", cert.toString(), "-rfc", "-validity", "2", "-sigalg", "SHA256withECDSA",
                    "-keystore", caStore.toString(), "-storepass", pass));
            if (san != null) {
                gencert.addAll(List.of("-ext", "SAN=" + san));
            }
            keytool(gencert.toArray(new String[0]));
        }
        try {
            PrivateKey key = (PrivateKey) load(store).getKey("key", STORE_PASSWORD);
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            Certificate issued;
            Certificate ca;
            try (InputStream in = Files.newInputStream(cert); InputStream caIn = Files.newInputStream(caPem)) {
                issued = x509.generateCertificate(in);
                ca = x509.generateCertificate(caIn);
            }
            // the server presents the issued certificate and the CA
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("key", key, STORE_PASSWORD, new Certificate[] {issued, ca});
            Path chain = dir.resolve(name + "-chain.pem");
            Files.writeString(chain, Files.readString(cert, StandardCharsets.US_ASCII) + Files.readString(caPem, StandardCharsets.US_ASCII),
                    StandardCharsets.US_ASCII);
            Path keyPem = writePem(dir.resolve(name + "-key.pem"), "PRIVATE KEY", key.getEncoded());
            Path encrypted = writePem(dir.resolve(name + "-key-encrypted.pem"), "ENCRYPTED PRIVATE KEY", encrypt(key.getEncoded()));
            return new Issued(keyStore, cert, chain, keyPem, encrypted);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the issued key store " + store, e);
        }
    }

    /** PKCS#8 encryption with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), which OpenSSL 3 reads. */
    private static byte[] encrypt(byte[] pkcs8) throws GeneralSecurityException, IOException {
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        SecureRandom random = new SecureRandom();
        random.nextBytes(salt);
        random.nextBytes(iv);
        PBEParameterSpec spec = new PBEParameterSpec(salt, 10_000, new javax.crypto.spec.IvParameterSpec(iv));
        SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.ENCRYPT_MODE, factory.generateSecret(new PBEKeySpec(KEY_PASSWORD)), spec);
        AlgorithmParameters params = cipher.getParameters();
        byte[] encrypted = cipher.doFinal(pkcs8);
        // EncryptedPrivateKeyInfo (RFC 5958) with a PBES2 AlgorithmIdentifier, encoded by hand:
        // JDK 17's EncryptedPrivateKeyInfo cannot name PBES2 parameters.
        byte[] algorithmId = der(0x30, concat(der(0x06, PBES2_OID), params.getEncoded()));
        return der(0x30, concat(algorithmId, der(0x04, encrypted)));
    }

    /** 1.2.840.113549.1.5.13 (PKCS #5 PBES2). */
    private static final byte[] PBES2_OID = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x05, 0x0D};

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        return concat(new byte[] {(byte) tag}, concat(length, content));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static Path writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
                StandardCharsets.US_ASCII);
        return file;
    }

    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Path log = dir.resolve("keytool.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(KEYTOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool " + args[0] + " did not finish within " + KEYTOOL_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + Files.readString(log));
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory; nothing else to do
        }
    }
}
