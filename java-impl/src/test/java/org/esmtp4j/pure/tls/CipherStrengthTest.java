package org.esmtp4j.pure.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cipher strength as OpenSSL reports it to libESMTP's weak-cipher check. */
class CipherStrengthTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "TLS_AES_128_GCM_SHA256, 128",
        "TLS_AES_256_GCM_SHA384, 256",
        "TLS_CHACHA20_POLY1305_SHA256, 256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 128",
        "SSL_RSA_WITH_3DES_EDE_CBC_SHA, 112",
        "SSL_RSA_EXPORT_WITH_RC4_40_MD5, 40",
        "SSL_RSA_WITH_DES_CBC_SHA, 56",
        "TLS_RSA_WITH_NULL_SHA256, 0",
        "TLS_SOMETHING_NEW, -1",
    })
    void bits(String suite, int bits) {
        assertEquals(bits, CipherStrength.bits(suite));
    }
}
