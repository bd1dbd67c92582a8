package org.esmtp4j.pure.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM certificates and PKCS#8 keys, plain and encrypted (OpenSSL's PBES2 output). */
class PemFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsCertificatesIgnoringTextAroundTheBlocks() throws IOException {
        String one = Files.readString(Fixtures.path("client-cert.pem"));
        String two = Files.readString(Fixtures.path("san-cert.pem"));
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, "subject=client\n" + one + "\nsome comment\n" + two);
        var certs = PemFiles.readCertificates(bundle);
        assertEquals(2, certs.size());
        assertTrue(certs.get(0).getSubjectX500Principal().getName().contains("CN=client.example"));
        assertTrue(certs.get(1).getSubjectX500Principal().getName().contains("CN=mail.example"));
    }

    @Test
    void refusesFilesWithoutCertificatesOrWithBrokenOnes() throws IOException {
        Path empty = dir.resolve("empty.pem");
        Files.writeString(empty, "nothing here\n");
        assertThrows(IOException.class, () -> PemFiles.readCertificates(empty));
        Path broken = dir.resolve("broken.pem");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThrows(IOException.class, () -> PemFiles.readCertificates(broken));
        Path unterminated = dir.resolve("unterminated.pem");
        Files.writeString(unterminated, "-----BEGIN CERTIFICATE-----\nAAAA\n");
        assertThrows(IOException.class, () -> PemFiles.readCertificates(unterminated));
    }

    @Test
    void readsOpensslPlainAndEncryptedPkcs8KeysAsTheSameKey() throws IOException {
        PrivateKey plain = PemFiles.readPrivateKey(Fixtures.path("client-key.pem"), null);
        PrivateKey decrypted = PemFiles.readPrivateKey(Fixtures.path("client-key-encrypted.pem"),
                () -> Fixtures.PASSWORD.clone());
        assertEquals("EC", plain.getAlgorithm());
        assertArrayEquals(plain.getEncoded(), decrypted.getEncoded());
    }

    @Test
    void encryptedKeyNeedsTheRightPassword() {
        Path file = Fixtures.path("client-key-encrypted.pem");
        assertThrows(IOException.class, () -> PemFiles.readPrivateKey(file, null));
        assertThrows(IOException.class, () -> PemFiles.readPrivateKey(file, () -> null));
        IOException wrong = assertThrows(IOException.class, () -> PemFiles.readPrivateKey(file, () -> "nope".toCharArray()));
        assertTrue(wrong.getMessage().contains("cannot decrypt"), wrong.getMessage());
    }

    @Test
    void passwordArrayIsWipedAfterUse() throws IOException {
        char[] given = Fixtures.PASSWORD.clone();
        PemFiles.readPrivateKey(Fixtures.path("client-key-encrypted.pem"), () -> given);
        assertArrayEquals(new char[given.length], given);
    }

    @Test
    void legacyOpensslKeyFormIsRefusedWithAHint() {
        IOException e = assertThrows(IOException.class,
                () -> PemFiles.readPrivateKey(Fixtures.path("legacy-ec-key.pem"), null));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
    }

    @Test
    void readsAnEncryptedRsaKey() throws IOException {
        PrivateKey rsa = PemFiles.readPrivateKey(Fixtures.path("rsa-key-encrypted.pem"), () -> Fixtures.PASSWORD.clone());
        assertEquals("RSA", rsa.getAlgorithm());
    }

    @Test
    void blocksAreSplitByLabel() throws IOException {
        List<PemFiles.Block> blocks = PemFiles.blocks("x\n-----BEGIN A-----\nAQI=\n-----END A-----\n"
                + "-----BEGIN B C-----\nAw==\n-----END B C-----\n");
        assertEquals(2, blocks.size());
        assertEquals("A", blocks.get(0).label());
        assertArrayEquals(new byte[] {1, 2}, blocks.get(0).der());
        assertEquals("B C", blocks.get(1).label());
    }
}
