package org.esmtp4j.pure.tls;

/**
 * The symmetric strength in bits of a cipher suite, read from its standard name: what OpenSSL's
 * {@code SSL_get_cipher_bits} gives libESMTP for {@code SMTP_EV_WEAK_CIPHER} (≤ 40 bits is weak)
 * and {@code SMTP_EV_STARTTLS_OK}.
 */
public final class CipherStrength {

    private CipherStrength() {
    }

    /**
     * @param suite a JSSE cipher suite name, for example {@code TLS_AES_128_GCM_SHA256}
     * @return the bits; 0 for NULL ciphers; -1 for a name this table does not know
     */
    public static int bits(String suite) {
        if (suite == null) {
            return -1;
        }
        if (suite.contains("_WITH_NULL_") || suite.endsWith("_NULL")) {
            return 0;
        }
        if (suite.contains("EXPORT") || suite.contains("_40_")) {
            return 40;
        }
        if (suite.contains("AES_256") || suite.contains("CHACHA20") || suite.contains("ARIA_256")
                || suite.contains("CAMELLIA_256")) {
            return 256;
        }
        if (suite.contains("AES_128") || suite.contains("ARIA_128") || suite.contains("CAMELLIA_128")
                || suite.contains("RC4_128") || suite.contains("SEED")) {
            return 128;
        }
        if (suite.contains("3DES") || suite.contains("DES_EDE")) {
            return 112;
        }
        if (suite.contains("_DES_")) {
            return 56;
        }
        return -1;
    }
}
