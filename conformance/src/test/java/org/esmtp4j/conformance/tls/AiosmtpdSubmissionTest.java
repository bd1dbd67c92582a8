package org.esmtp4j.conformance.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.esmtp4j.AuthSettings;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.SmtpError;
import org.esmtp4j.StartResult;
import org.esmtp4j.StartTlsMode;
import org.esmtp4j.Timeout;
import org.esmtp4j.TlsSettings;
import org.esmtp4j.conformance.server.CertificateAuthority;
import org.esmtp4j.conformance.server.IssuedCertificate;
import org.esmtp4j.conformance.server.ThrowAwayPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Submission to a real server, Debian's {@code python3-aiosmtpd}, with STARTTLS required and AUTH
 * only inside TLS (see {@code aiosmtpd_server.py}). Skipped, saying why, where aiosmtpd is not
 * installed ({@code .ci/run} and {@code bin/test} as root install it).
 */
class AiosmtpdSubmissionTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret pass";
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(20);

    private static Path workDir;
    private static AiosmtpdServer server;
    private static CertificateAuthority ca;

    /** Every available engine runs against the server. */
    static Stream<String> engines() {
        return Stream.of(LibesmtpTls.ENGINE, "java").filter(Smtp::isAvailable);
    }

    @BeforeAll
    static void startServer() throws IOException {
        String why = AiosmtpdServer.unavailableReason();
        assumeTrue(why == null, () -> "skipped: " + why);
        ca = ThrowAwayPki.create().newAuthority("esmtp4j test CA");
        IssuedCertificate localhost = ca.issue("localhost", "dns:localhost", "ip:127.0.0.1");
        workDir = Files.createTempDirectory("esmtp4j-aiosmtpd");
        server = AiosmtpdServer.start(localhost.chainPem(), localhost.keyPem(), USER, PASSWORD, workDir);
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
        if (workDir != null) {
            try (Stream<Path> paths = Files.walk(workDir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static Session session(String engine, String rcpt, TlsSettings tls, AuthSettings auth) {
        Session s = Smtp.engine(engine).createSession();
        s.setServer("localhost:" + server.port());
        s.setHostname("client.example");
        for (Timeout t : Timeout.values()) {
            s.setTimeout(t, Duration.ofSeconds(20), true);
        }
        s.setStartTls(StartTlsMode.REQUIRED);
        s.setTls(tls);
        s.setAuth(auth);
        Message m = s.addMessage();
        m.setReversePath("sender@example.org");
        m.setMessageSource(MessageSource.of("Subject: aiosmtpd\r\n\r\nHello.\r\n"));
        m.addRecipient(rcpt);
        return s;
    }

    private static Recipient only(Session s) {
        return s.messages().get(0).recipients().get(0);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void submitsInsideTlsAfterAuthenticating(String engine) {
        String rcpt = engine + "-ok@example.org";
        try (Session s = session(engine, rcpt, TlsSettings.builder().trustedCertificates(ca.certificatePem()).build(),
                AuthSettings.password(USER, PASSWORD.toCharArray()))) {
            s.start();
            assertEquals(Outcome.DELIVERED, only(s).outcome(), () -> only(s).status().toString());
        }
        assertEquals("DELIVERED " + USER + " sender@example.org " + rcpt, server.nextLine("DELIVERED", DELIVERY_WAIT));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void aWrongPasswordDeliversNothing(String engine) {
        String rcpt = engine + "-badpass@example.org";
        try (Session s = session(engine, rcpt, TlsSettings.builder().trustedCertificates(ca.certificatePem()).build(),
                AuthSettings.password(USER, "wrong".toCharArray()))) {
            StartResult result = s.start();
            if (engine.equals(LibesmtpTls.ENGINE)) {
                // libESMTP goes on to MAIL after AUTH failed (COMPATIBILITY.md T1, L16); the server refuses it.
                assertEquals(530, s.messages().get(0).reversePathStatus().code());
                assertEquals(Outcome.PERMANENT, only(s).outcome());
            } else {
                // The java engine sends no MAIL after a failed AUTH (T1, hostile case D2).
                assertEquals(SmtpError.AUTH_FAILED, result.error(), result.toString());
                assertEquals(0, s.messages().get(0).reversePathStatus().code());
                assertEquals(Outcome.TRANSIENT, only(s).outcome());
            }
        }
        assertNull(server.nextLine("DELIVERED", Duration.ofSeconds(1)));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void theServerCertificateIsNotTrustedByDefault(String engine) {
        String rcpt = engine + "-untrusted@example.org";
        try (Session s = session(engine, rcpt, TlsSettings.DEFAULT, AuthSettings.password(USER, PASSWORD.toCharArray()))) {
            s.start();
            assertEquals(Outcome.TRANSIENT, only(s).outcome());
        }
        assertNull(server.nextLine("DELIVERED", Duration.ofSeconds(1)));
    }
}
