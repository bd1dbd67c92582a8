package org.esmtp4j.pure.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads PEM files (RFC 7468): X.509 certificates, and private keys in PKCS#8 form, plain
 * ({@code BEGIN PRIVATE KEY}) or password-encrypted ({@code BEGIN ENCRYPTED PRIVATE KEY}, PBES2
 * as written by {@code openssl pkcs8 -topk8} and by the JDK). Text outside the blocks is ignored,
 * as OpenSSL does. Legacy OpenSSL forms ({@code BEGIN RSA PRIVATE KEY}, {@code BEGIN EC PRIVATE
 * KEY}) are refused with a message saying how to convert them.
 */
public final class PemFiles {

    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final String ENCRYPTED_PRIVATE_KEY = "ENCRYPTED PRIVATE KEY";
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA");

    private PemFiles() {
    }

    /** One decoded PEM block. */
    record Block(String label, byte[] der) {
    }

    /**
     * @param file a PEM file with one or more certificates
     * @return the certificates in file order
     * @throws IOException when the file cannot be read, holds no certificate or a bad one
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(Files.readString(file, StandardCharsets.ISO_8859_1))) {
                if (block.label().equals(CERTIFICATE)) {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IOException(file + ": not a valid X.509 certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + ": no \"BEGIN CERTIFICATE\" block");
        }
        return certificates;
    }

    /**
     * @param file a PEM file with a PKCS#8 private key, plain or encrypted
     * @param password gives the password of an encrypted key; may be null for a plain key
     * @return the key
     * @throws IOException when the file cannot be read, holds no usable key, or the password is
     *     missing or wrong
     */
    public static PrivateKey readPrivateKey(Path file, Supplier<char[]> password) throws IOException {
        for (Block block : blocks(Files.readString(file, StandardCharsets.ISO_8859_1))) {
            switch (block.label()) {
                case PRIVATE_KEY:
                    return decodeKey(file, block.der());
                case ENCRYPTED_PRIVATE_KEY:
                    return decodeKey(file, decrypt(file, block.der(), password));
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                case "DSA PRIVATE KEY":
                    throw new IOException(file + ": legacy \"" + block.label() + "\" form; convert it with "
                            + "`openssl pkcs8 -topk8` to PKCS#8");
                default:
                    break;
            }
        }
        throw new IOException(file + ": no \"BEGIN PRIVATE KEY\" or \"BEGIN ENCRYPTED PRIVATE KEY\" block");
    }

    private static byte[] decrypt(Path file, byte[] der, Supplier<char[]> passwordSource) throws IOException {
        if (passwordSource == null) {
            throw new IOException(file + ": the key is encrypted and no password was given");
        }
        char[] password = passwordSource.get();
        if (password == null) {
            throw new IOException(file + ": the key is encrypted and the password supplier gave none");
        }
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            AlgorithmParameters parameters = info.getAlgParameters();
            // For PBES2 the parameters name the real scheme (e.g. PBEWithHmacSHA256AndAES_256);
            // getAlgName() would only say "PBES2", which no Cipher implements.
            String scheme = parameters != null ? parameters.toString() : info.getAlgName();
            SecretKey key = SecretKeyFactory.getInstance(scheme).generateSecret(new PBEKeySpec(password));
            Cipher cipher = Cipher.getInstance(scheme);
            cipher.init(Cipher.DECRYPT_MODE, key, parameters);
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException | IOException e) {
            throw new IOException(file + ": cannot decrypt the private key (wrong password or unsupported scheme): "
                    + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static PrivateKey decodeKey(Path file, byte[] pkcs8) throws IOException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // not this algorithm: try the next
            }
        }
        throw new IOException(file + ": the PKCS#8 key is not RSA, EC, EdDSA or DSA, or is malformed");
    }

    /** Splits PEM text into its blocks; text between blocks is ignored. */
    static List<Block> blocks(String text) throws IOException {
        List<Block> blocks = new ArrayList<>();
        int from = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", from);
            if (begin < 0) {
                return blocks;
            }
            int labelEnd = text.indexOf("-----", begin + 11);
            if (labelEnd < 0) {
                throw new IOException("unterminated PEM header");
            }
            String label = text.substring(begin + 11, labelEnd);
            String footer = "-----END " + label + "-----";
            int end = text.indexOf(footer, labelEnd + 5);
            if (end < 0) {
                throw new IOException("PEM block \"" + label + "\" has no END line");
            }
            String body = text.substring(labelEnd + 5, end);
            try {
                blocks.add(new Block(label, Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new IOException("PEM block \"" + label + "\" is not valid base64", e);
            }
            from = end + footer.length();
        }
    }
}
