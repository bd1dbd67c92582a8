package org.esmtp4j.libesmtp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import org.esmtp4j.AuthSettings;
import org.esmtp4j.InvalidArgumentException;
import org.esmtp4j.StartTlsMode;
import org.esmtp4j.TlsSettings;
import org.junit.jupiter.api.Test;

/** What the libesmtp engine refuses when TLS and AUTH are configured, and what it accepts. */
class LibesmtpSessionDriverChecksTest {

    private final LibesmtpSessionDriver driver = new LibesmtpSessionDriver();

    @Test
    void implicitTlsIsRefused() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> driver.checkTls(StartTlsMode.DISABLED, true, TlsSettings.DEFAULT));
        assertTrue(e.getMessage().contains("java engine"), e.getMessage());
    }

    @Test
    void aJavaSslContextIsRefused() throws NoSuchAlgorithmException {
        TlsSettings withContext = TlsSettings.builder().sslContext(SSLContext.getDefault()).build();
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> driver.checkTls(StartTlsMode.REQUIRED, false, withContext));
        assertTrue(e.getMessage().contains("java engine"), e.getMessage());
    }

    @Test
    void fileBasedSettingsAndTheExpectedHostNameAreAccepted() {
        TlsSettings files = TlsSettings.builder().trustedCertificates(Path.of("ca.pem"))
                .clientCertificate(Path.of("chain.pem"), Path.of("key.pem"), null)
                .expectedHostName("mail.example").build();
        assertDoesNotThrow(() -> driver.checkTls(StartTlsMode.REQUIRED, false, files));
        assertDoesNotThrow(() -> driver.checkTls(StartTlsMode.ENABLED, false, TlsSettings.DEFAULT));
    }

    @Test
    void oauthIsRefused() {
        AuthSettings oauth = AuthSettings.builder().oauth("user", () -> "token").build();
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> driver.checkAuth(oauth));
        assertTrue(e.getMessage().contains("java engine"), e.getMessage());
    }

    @Test
    void aMechanismListIsRefused() {
        AuthSettings listed = AuthSettings.builder().interaction((m, r) -> null).mechanisms("PLAIN").build();
        assertThrows(InvalidArgumentException.class, () -> driver.checkAuth(listed));
    }

    @Test
    void passwordSettingsAreAccepted() {
        assertDoesNotThrow(() -> driver.checkAuth(AuthSettings.password("user", "secret".toCharArray())));
    }
}
