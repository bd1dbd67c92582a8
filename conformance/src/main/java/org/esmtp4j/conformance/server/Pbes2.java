package org.esmtp4j.conformance.server;

import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/** PKCS#8 private-key encryption with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), which OpenSSL 3 reads. */
final class Pbes2 {

    private static final String ALGORITHM = "PBEWithHmacSHA256AndAES_256";
    /** 1.2.840.113549.1.5.13 (PKCS #5 PBES2). */
    private static final byte[] PBES2_OID = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x05, 0x0D};

    private Pbes2() {
    }

    /**
     * Encrypts a PKCS#8 PrivateKeyInfo.
     *
     * @return the DER EncryptedPrivateKeyInfo (RFC 5958)
     */
    static byte[] encrypt(byte[] pkcs8, char[] password) throws GeneralSecurityException, IOException {
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        SecureRandom random = new SecureRandom();
        random.nextBytes(salt);
        random.nextBytes(iv);
        PBEParameterSpec spec = new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv));
        Cipher cipher = Cipher.getInstance(ALGORITHM);
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeyFactory.getInstance(ALGORITHM).generateSecret(new PBEKeySpec(password)), spec);
        AlgorithmParameters params = cipher.getParameters();
        byte[] encrypted = cipher.doFinal(pkcs8);
        // EncryptedPrivateKeyInfo with a PBES2 AlgorithmIdentifier, encoded by hand:
        // JDK 17's EncryptedPrivateKeyInfo cannot name PBES2 parameters.
        byte[] algorithmId = der(0x30, concat(der(0x06, PBES2_OID), params.getEncoded()));
        return der(0x30, concat(algorithmId, der(0x04, encrypted)));
    }

    /** A DER tag-length-value; contents up to 65,535 bytes. */
    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        return concat(new byte[] {(byte) tag}, concat(length, content));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
